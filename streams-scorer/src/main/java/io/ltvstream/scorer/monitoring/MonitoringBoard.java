package io.ltvstream.scorer.monitoring;

import io.ltvstream.scorer.topology.ScorerMetrics;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Combines the monitoring partials of the partitions it is given (each task's {@link WindowTally}
 * of a window and model version) into closed windows: a window is reported once every partial of
 * it is closed. The first time a reported window raises the {@link DriftRule drift alert}, it logs
 * a warning and counts it ({@code ltv_monitoring_drift_alerts_total}).
 */
public final class MonitoringBoard {
  private static final Logger LOG = LoggerFactory.getLogger(MonitoringBoard.class);

  private final DriftRule drift;
  private final ScorerMetrics metrics;
  private final Set<String> alerted = ConcurrentHashMap.newKeySet();

  public MonitoringBoard(DriftRule drift, ScorerMetrics metrics) {
    this.drift = drift;
    this.metrics = metrics;
  }

  /**
   * @param partials store entries ({@link WindowTally#key}, encoded tally), a key once per partition
   * @return the closed windows, oldest first, versions in name order
   */
  public List<ClosedWindow> closedWindows(Iterator<KeyValue<String, byte[]>> partials) {
    Map<String, WindowTally> combined = new TreeMap<>();
    while (partials.hasNext()) {
      KeyValue<String, byte[]> partial = partials.next();
      combined.merge(partial.key, WindowTally.decode(partial.value), WindowTally::plus);
    }
    List<ClosedWindow> windows = new ArrayList<>();
    for (Map.Entry<String, WindowTally> window : combined.entrySet()) {
      if (!window.getValue().closed()) {
        continue;
      }
      ClosedWindow figures = window.getValue().figures(WindowTally.versionOf(window.getKey()), drift);
      windows.add(figures);
      if (figures.drift() && alerted.add(window.getKey())) {
        metrics.driftAlert();
        LOG.warn("drift: the monitoring window {} to {} of model {} closed with an aggregate error of {}"
            + " (threshold {}): predicted {}, realised {}, over {} users", figures.windowStart(), figures.windowEnd(),
            figures.modelVersion(), String.format("%+.1f%%", 100 * figures.aggregateError()),
            drift.threshold(), String.format("%.2f", figures.predictedValue()),
            String.format("%.2f", figures.realisedValue()), figures.users());
      }
    }
    return windows;
  }
}
