package io.ltvstream.scorer.monitoring;

import java.time.Duration;
import java.util.Objects;

/**
 * How the scorer monitors its predictions.
 *
 * @param window how often a window opens ({@code scorer.monitoring.window}), whole days; null: off
 * @param drift when a closed window raises the drift alert
 * @param sampleSize users per window and partition kept for the spend Gini (a bottom-k sample)
 * @param scanBatch the fewest users one daily punctuation of the monitoring scan rolls ({@link
 *     #scanBudget}): a task with at most this many users is rolled in one go
 */
public record MonitoringSettings(Duration window, DriftRule drift, int sampleSize, int scanBatch) {
  /** Default of {@code scorer.monitoring.scan.batch}. */
  public static final int DEFAULT_SCAN_BATCH = 1000;
  /** Windows open every 28 days; {@link DriftRule#DEFAULT}; 1,024 users per partition for the Gini. */
  public static final MonitoringSettings DEFAULT =
      new MonitoringSettings(Duration.ofDays(28), DriftRule.DEFAULT, 1024, DEFAULT_SCAN_BATCH);
  /** No monitoring. */
  public static final MonitoringSettings OFF = new MonitoringSettings(null, DriftRule.DEFAULT, 1024, DEFAULT_SCAN_BATCH);

  public MonitoringSettings {
    if (window != null && (window.isNegative() || window.isZero() || window.toSeconds() % 86_400 != 0)) {
      throw new IllegalArgumentException("scorer.monitoring.window must be a whole number of days (P28D), got " + window);
    }
    Objects.requireNonNull(drift, "drift");
    if (sampleSize < 2) {
      throw new IllegalArgumentException("scorer.monitoring.sample.size must be at least 2, got " + sampleSize);
    }
    if (scanBatch < 1) {
      throw new IllegalArgumentException("scorer.monitoring.scan.batch must be at least 1, got " + scanBatch);
    }
  }

  public boolean enabled() {
    return window != null;
  }

  /** The window length in days. */
  public int windowDays() {
    return Math.toIntExact(window.toDays());
  }

  /**
   * How many users one punctuation of the monitoring scan rolls: {@link #scanBatch} at least, and
   * enough that a pass over {@code users} takes at most half a window of stream time when
   * punctuations come {@code elapsedDays} apart, so each window's pass ends well inside it.
   */
  public long scanBudget(long users, long elapsedDays) {
    return Math.max(scanBatch, Math.ceilDiv(2 * Math.max(0, users) * Math.max(1, elapsedDays), windowDays()));
  }
}
