package io.ltvstream.scorer.topology;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scorer's own counters, shared by the stream threads, the error handlers and the HTTP
 * {@code /metrics} endpoint. Lock-free on the hot path.
 */
public final class ScorerMetrics {
  /** Upper bounds of the score-latency histogram, in seconds (Prometheus {@code le}). */
  static final double[] LATENCY_BUCKETS = {
      0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.1, 1};

  private final LongAdder scores = new LongAdder();
  private final LongAdder idleRescores = new LongAdder();
  private final LongAdder lateWithinGrace = new LongAdder();
  private final LongAdder usersRebuilt = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder driftAlerts = new LongAdder();
  private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
  private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS.length];
  private final LongAdder latencyCount = new LongAdder();
  private final LongAdder latencyNanos = new LongAdder();
  private final RateMeter scoreRate = new RateMeter(60);

  public ScorerMetrics() {
    for (int i = 0; i < latencyBuckets.length; i++) {
      latencyBuckets[i] = new LongAdder();
    }
  }

  /** One event scored, taking {@code nanos} from reading the state to the forwarded score. */
  public void scored(long nanos) {
    scores.increment();
    scoreRate.mark(System.currentTimeMillis());
    latencyCount.increment();
    latencyNanos.add(nanos);
    double seconds = nanos / 1e9;
    for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= LATENCY_BUCKETS[i]) {
        latencyBuckets[i].increment();
        break;
      }
    }
  }

  public void idleRescored() {
    idleRescores.increment();
  }

  public void lateWithinGrace() {
    lateWithinGrace.increment();
  }

  public void userRebuilt() {
    usersRebuilt.increment();
  }

  /** An event seen before: no state change, no score. Events in = scores + dead letters + duplicates. */
  public void duplicate() {
    duplicates.increment();
  }

  /** A closed monitoring window whose |aggregate error| passed the drift threshold. */
  public void driftAlert() {
    driftAlerts.increment();
  }

  public long driftAlerts() {
    return driftAlerts.sum();
  }

  public void deadLetter(String reason) {
    deadLetters.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public long scores() {
    return scores.sum();
  }

  public long idleRescores() {
    return idleRescores.sum();
  }

  public long lateWithinGraceCount() {
    return lateWithinGrace.sum();
  }

  public long usersRebuilt() {
    return usersRebuilt.sum();
  }

  public long duplicates() {
    return duplicates.sum();
  }

  /** Dead-lettered records by reason, sorted by reason. */
  public Map<String, Long> deadLetters() {
    Map<String, Long> copy = new TreeMap<>();
    deadLetters.forEach((reason, count) -> copy.put(reason, count.sum()));
    return copy;
  }

  /** Scores per second over the last minute. */
  public double scoresPerSecond() {
    return scoreRate.perSecond(System.currentTimeMillis());
  }

  /** Cumulative histogram counts, one per {@link #LATENCY_BUCKETS} bound. */
  public long[] latencyCumulative() {
    long[] cumulative = new long[latencyBuckets.length];
    long running = 0;
    for (int i = 0; i < latencyBuckets.length; i++) {
      running += latencyBuckets[i].sum();
      cumulative[i] = running;
    }
    return cumulative;
  }

  public static double[] latencyBounds() {
    return LATENCY_BUCKETS.clone();
  }

  public long latencyCount() {
    return latencyCount.sum();
  }

  public double latencySumSeconds() {
    return latencyNanos.sum() / 1e9;
  }
}
