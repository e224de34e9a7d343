package io.ltvstream.evaluate;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.core.eval.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether the scores in service come true: the scores of {@code ltv-scores} against what the users
 * then did in {@code ltv-events}.
 *
 * <p>Snapshots are taken every {@code step}, in event time, from the day of the first score. At a
 * snapshot S, the prediction in force for a user is their latest score before S; it is compared
 * over its own horizon {@code (t, t + horizon_days]} (t = the score's event time) with the user's
 * realised spend (purchases minus refunds) and transactions (UTC days with a purchase, as in
 * {@code ./ltv evaluate}). A user counts at S when that horizon is still open at S. A snapshot is
 * closed, and reported, once S + horizon_days is no later than the latest event seen ({@link
 * Result#asOf()}): then every prediction in force at S has its full outcome, whatever the user did. Users without events after their score realise zero. The clock is event
 * time, so a backfilled history is monitored like live traffic.
 */
public final class LiveMonitoring {
  private LiveMonitoring() {}

  /**
   * One closed snapshot of one model version.
   *
   * @param windowStart the snapshot S
   * @param windowEnd the latest horizon end of its users' predictions
   * @param predictedValue sum of expected_value
   * @param realisedValue sum of the realised spend
   * @param aggregateError (predicted - realised) / realised value, NaN when nothing was spent
   * @param valueMae mean absolute error of the value per user
   * @param brier mean of (p_active - bought anything)^2
   * @param spendGini normalized Gini of expected_value against the realised spend
   */
  public record Window(Instant windowStart, Instant windowEnd, String modelVersion, int users,
      double predictedValue, double realisedValue, double aggregateError, double predictedTransactions,
      double realisedTransactions, double valueMae, double brier, double spendGini) {}

  /** Per-user pairs of one snapshot (all versions), for the decile chart and the segment table. */
  public record Pairs(Instant windowStart, double[] predictedValue, double[] realisedValue, String[] segment) {}

  /**
   * @param windows closed snapshots, oldest first, versions in name order
   * @param latest the latest closed snapshot's users, or null when none closed
   * @param asOf the latest event time seen
   * @param scoresRead scores given
   * @param eventsRead events given
   */
  public record Result(List<Window> windows, Pairs latest, Instant asOf, long scoresRead, long eventsRead) {}

  public static Result compute(List<LtvScore> scores, List<EngineeredEvent> events, Duration step) {
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("the snapshot step must be positive, got " + step);
    }
    Map<String, List<LtvScore>> scoresByUser = new HashMap<>();
    for (LtvScore score : scores) {
      scoresByUser.computeIfAbsent(score.getUserId(), u -> new ArrayList<>()).add(score);
    }
    scoresByUser.values().forEach(list -> list.sort(Comparator.comparing(LtvScore::getEventTime)));
    Map<String, TreeMap<Instant, EngineeredEvent>> spendByUser = new HashMap<>();
    Instant asOf = Instant.MIN;
    for (EngineeredEvent event : events) {
      if (event.getEventTime().isAfter(asOf)) {
        asOf = event.getEventTime();
      }
      EventType type = event.getEventType();
      if (type == EventType.PURCHASE || type == EventType.REFUND) {
        // keyed by time; same-instant events of one user are told apart by a nanosecond each
        TreeMap<Instant, EngineeredEvent> timeline = spendByUser.computeIfAbsent(event.getUserId(), u -> new TreeMap<>());
        Instant at = event.getEventTime();
        while (timeline.containsKey(at)) {
          at = at.plusNanos(1);
        }
        timeline.put(at, event);
      }
    }
    List<Window> windows = new ArrayList<>();
    Pairs latest = null;
    if (scores.isEmpty() || events.isEmpty()) {
      return new Result(windows, null, events.isEmpty() ? null : asOf, scores.size(), events.size());
    }
    Instant first = scores.stream().map(LtvScore::getEventTime).min(Instant::compareTo).orElseThrow()
        .truncatedTo(ChronoUnit.DAYS);
    for (Instant snapshot = first.plus(step); !snapshot.isAfter(asOf); snapshot = snapshot.plus(step)) {
      Map<String, Tally> byVersion = new TreeMap<>();
      List<double[]> pairs = new ArrayList<>();
      List<String> segments = new ArrayList<>();
      for (Map.Entry<String, List<LtvScore>> user : scoresByUser.entrySet()) {
        LtvScore inForce = latestBefore(user.getValue(), snapshot);
        if (inForce == null) {
          continue;
        }
        Instant horizonEnd = inForce.getEventTime().plus(Duration.ofDays(inForce.getHorizonDays()));
        if (!horizonEnd.isAfter(snapshot)) {
          continue; // expired before the snapshot
        }
        if (snapshot.plus(Duration.ofDays(inForce.getHorizonDays())).isAfter(asOf)) {
          // not closed for every user in force: counting only the closed ones would keep just the
          // users who went idle early, whose realised value is near zero
          continue;
        }
        double[] realised = realised(spendByUser.get(user.getKey()), inForce.getEventTime(), horizonEnd);
        byVersion.computeIfAbsent(inForce.getModelVersion(), v -> new Tally()).add(inForce, horizonEnd, realised);
        pairs.add(new double[] {inForce.getExpectedValue(), realised[0]});
        segments.add(inForce.getSegment() == null ? "" : inForce.getSegment().name());
      }
      for (Map.Entry<String, Tally> version : byVersion.entrySet()) {
        windows.add(version.getValue().window(snapshot, version.getKey()));
      }
      if (!pairs.isEmpty()) {
        latest = new Pairs(snapshot, pairs.stream().mapToDouble(p -> p[0]).toArray(),
            pairs.stream().mapToDouble(p -> p[1]).toArray(), segments.toArray(String[]::new));
      }
    }
    return new Result(windows, latest, asOf, scores.size(), events.size());
  }

  private static LtvScore latestBefore(List<LtvScore> sorted, Instant snapshot) {
    LtvScore found = null;
    int lo = 0;
    int hi = sorted.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted.get(mid).getEventTime().isBefore(snapshot)) {
        found = sorted.get(mid);
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** {spend, transactions (purchase days)} of one user in (from, to]. */
  private static double[] realised(TreeMap<Instant, EngineeredEvent> timeline, Instant from, Instant to) {
    if (timeline == null) {
      return new double[2];
    }
    double spend = 0;
    Set<Long> purchaseDays = new HashSet<>();
    for (EngineeredEvent event : timeline.subMap(from, false, to, true).values()) {
      spend += event.getAmountBase();
      if (event.getEventType() == EventType.PURCHASE) {
        purchaseDays.add(event.getEventTime().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay());
      }
    }
    return new double[] {spend, purchaseDays.size()};
  }

  /** The users of one snapshot and version. */
  private static final class Tally {
    private final List<double[]> values = new ArrayList<>();
    private double predictedTransactions;
    private double realisedTransactions;
    private double brierSum;
    private Instant end = Instant.MIN;

    void add(LtvScore score, Instant horizonEnd, double[] realised) {
      values.add(new double[] {score.getExpectedValue(), realised[0]});
      predictedTransactions += score.getExpectedTransactions();
      realisedTransactions += realised[1];
      double bought = realised[1] > 0 ? 1 : 0;
      brierSum += (score.getPActive() - bought) * (score.getPActive() - bought);
      if (horizonEnd.isAfter(end)) {
        end = horizonEnd;
      }
    }

    Window window(Instant start, String version) {
      double[] predicted = values.stream().mapToDouble(v -> v[0]).toArray();
      double[] realised = values.stream().mapToDouble(v -> v[1]).toArray();
      double predictedSum = 0;
      double realisedSum = 0;
      for (int i = 0; i < predicted.length; i++) {
        predictedSum += predicted[i];
        realisedSum += realised[i];
      }
      return new Window(start, end, version, predicted.length, predictedSum, realisedSum,
          Metrics.aggregateError(predicted, realised), predictedTransactions, realisedTransactions,
          Metrics.mae(predicted, realised), brierSum / predicted.length, Metrics.normalizedGini(predicted, realised));
    }
  }
}
