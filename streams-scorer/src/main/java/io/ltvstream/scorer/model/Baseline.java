package io.ltvstream.scorer.model;

import io.ltvstream.core.clv.GammaGamma;
import io.ltvstream.core.clv.ParetoNbd;
import io.ltvstream.core.state.UserState;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pareto/NBD and Gamma-Gamma fit on the training data, carried in the bundle. The model uses
 * Pareto/NBD's per-user shape over time to extend the network's rate beyond the horizons seen in
 * training; the scorer prints Pareto/NBD x Gamma-Gamma's value beside the network's.
 */
record Baseline(ParetoNbd transactions, GammaGamma spend) {
  private static final double DAYS_PER_WEEK = 7.0;
  static final String BLEND_WEIGHT = "blend_weight";
  static final String BLEND_TRANSACTION_SCALE = "blend_transaction_scale";
  static final String BLEND_SPEND_SCALE = "blend_spend_scale";

  static Baseline of(Map<String, Double> params) {
    if (params == null || !params.containsKey("pnbd_r")) {
      return null;
    }
    return new Baseline(
        new ParetoNbd(params.get("pnbd_r"), params.get("pnbd_alpha"), params.get("pnbd_s"), params.get("pnbd_beta")),
        new GammaGamma(params.get("gg_p"), params.get("gg_q"), params.get("gg_gamma")));
  }

  Map<String, Double> params() {
    Map<String, Double> params = new TreeMap<>();
    transactions.params().forEach((k, v) -> params.put("pnbd_" + k, v));
    spend.params().forEach((k, v) -> params.put("gg_" + k, v));
    return params;
  }

  /** Pareto/NBD's expected purchase days in {@code horizonDays} after {@code atMillis}. */
  double expectedTransactions(UserState state, long atMillis, double horizonDays) {
    double age = state.purchaseAgeDays(atMillis) / DAYS_PER_WEEK;
    double recency = Math.min(age, state.recencyDays() / DAYS_PER_WEEK);
    return transactions.conditionalExpectedTransactions(horizonDays / DAYS_PER_WEEK, state.frequency(),
        recency, age);
  }

  /** Pareto/NBD's probability that the user is still active at {@code atMillis}. */
  double probabilityAlive(UserState state, long atMillis) {
    double age = state.purchaseAgeDays(atMillis) / DAYS_PER_WEEK;
    double recency = Math.min(age, state.recencyDays() / DAYS_PER_WEEK);
    return transactions.probabilityAlive(state.frequency(), recency, age);
  }

  /** Gamma-Gamma's expected spend per purchase day (the state's mean spend per purchase day stands in for m_x). */
  double meanSpend(UserState state) {
    return spend.conditionalExpectedTransactionValue(state.frequency(), state.monetaryMean());
  }

  /** Pareto/NBD x Gamma-Gamma value (the state's mean spend per purchase day stands in for m_x). */
  double value(UserState state, long atMillis, double horizonDays) {
    return expectedTransactions(state, atMillis, horizonDays) * meanSpend(state);
  }
}
