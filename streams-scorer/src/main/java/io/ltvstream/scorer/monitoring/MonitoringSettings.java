package io.ltvstream.scorer.monitoring;

import java.time.Duration;

/**
 * How the scorer monitors its predictions.
 *
 * @param window how often a window opens ({@code scorer.monitoring.window}), whole days; null: off
 * @param driftThreshold |aggregate error| of a closed window beyond which the drift alert fires
 * @param sampleSize users per window and partition kept for the spend Gini (a bottom-k sample)
 */
public record MonitoringSettings(Duration window, double driftThreshold, int sampleSize) {
  /** Windows open every 28 days; drift beyond 25 %; 1,024 users per partition for the Gini. */
  public static final MonitoringSettings DEFAULT = new MonitoringSettings(Duration.ofDays(28), 0.25, 1024);
  /** No monitoring. */
  public static final MonitoringSettings OFF = new MonitoringSettings(null, 0.25, 1024);

  public MonitoringSettings {
    if (window != null && (window.isNegative() || window.isZero() || window.toSeconds() % 86_400 != 0)) {
      throw new IllegalArgumentException("scorer.monitoring.window must be a whole number of days (P28D), got " + window);
    }
    if (!(driftThreshold > 0)) {
      throw new IllegalArgumentException("scorer.monitoring.drift.threshold must be positive, got " + driftThreshold);
    }
    if (sampleSize < 2) {
      throw new IllegalArgumentException("scorer.monitoring.sample.size must be at least 2, got " + sampleSize);
    }
  }

  public boolean enabled() {
    return window != null;
  }

  /** The window length in days. */
  public int windowDays() {
    return Math.toIntExact(window.toDays());
  }
}
