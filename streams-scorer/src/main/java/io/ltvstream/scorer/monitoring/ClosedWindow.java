package io.ltvstream.scorer.monitoring;

import java.time.Instant;

/**
 * One closed monitoring window of one model version, the figures of {@code ./ltv monitor}'s
 * windows: predictions made at the window's start against what the users did in it.
 *
 * @param windowStart the window's first instant, when its predictions were made
 * @param windowEnd the instant after its last day
 * @param users users whose prediction the window holds
 * @param predictedValue sum of their expected value over the window
 * @param realisedValue sum of their spend in it, refunds subtracted
 * @param aggregateError (predicted - realised) / realised value, NaN when nothing was spent
 * @param brier mean of (p_active - bought anything)^2
 * @param spendGini normalized Gini of expected value against realised spend, on a sample of at
 *     most {@code scorer.monitoring.sample.size} users per partition
 * @param giniSampleUsers users in that sample
 * @param partitions partitions (tasks) whose partials are in these figures
 * @param drift whether the window raised the drift alert ({@link DriftRule})
 */
public record ClosedWindow(Instant windowStart, Instant windowEnd, String modelVersion, long users,
    double predictedValue, double realisedValue, double aggregateError, double predictedTransactions,
    double realisedTransactions, double brier, double spendGini, int giniSampleUsers, int partitions,
    boolean drift) {}
