package io.ltvstream.model;


/**
 * A user's predicted value over the model's horizon.
 *
 * @param pActive probability of at least one purchase in the horizon
 * @param expectedTransactions expected purchase days in the horizon
 * @param expectedValue expected spend in the horizon, base currency
 * @param p10 10th percentile of horizon spend
 * @param p50 median of horizon spend
 * @param p90 90th percentile of horizon spend
 * @param baselineValue Pareto/NBD x Gamma-Gamma expected spend over the horizon from the same
 *     summary, or NaN when the bundle carries no baseline parameters
 */
public record LtvPrediction(double pActive, double expectedTransactions, double expectedValue,
    double p10, double p50, double p90, double baselineValue) {}
