package io.ltvstream.scorer.monitoring;

/**
 * When a closed monitoring window raises the drift alert: its |aggregate error| passes {@code
 * threshold} ({@code scorer.monitoring.drift.threshold}), or something was predicted and nothing
 * spent, over at least {@code minUsers} users ({@code scorer.monitoring.drift.min.users}). A
 * window of a handful of users (a new deployment's first, a small segment's) swings by more than
 * any useful threshold on chance alone, so it reports its figures without an alert.
 */
public record DriftRule(double threshold, int minUsers) {
  /** Drift beyond 25 % over at least 100 users. */
  public static final DriftRule DEFAULT = new DriftRule(0.25, 100);

  public DriftRule {
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("scorer.monitoring.drift.threshold must be positive, got " + threshold);
    }
    if (minUsers < 1) {
      throw new IllegalArgumentException("scorer.monitoring.drift.min.users must be at least 1, got " + minUsers);
    }
  }

  /** Whether a window of {@code users} that predicted {@code predictedValue} with {@code aggregateError} alerts. */
  public boolean alerts(long users, double predictedValue, double aggregateError) {
    if (users < minUsers) {
      return false;
    }
    // nothing spent against a positive prediction: the error is unbounded, and that is drift
    return Double.isNaN(aggregateError) ? predictedValue > 0 : Math.abs(aggregateError) > threshold;
  }
}
