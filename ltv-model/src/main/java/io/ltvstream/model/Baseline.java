package io.ltvstream.model;

import io.ltvstream.core.clv.GammaGamma;
import io.ltvstream.core.clv.ParetoNbd;
import io.ltvstream.core.clv.RfmSummary;
import io.ltvstream.core.state.UserState;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pareto/NBD and Gamma-Gamma fit on the training data, carried in the bundle. The model uses
 * Pareto/NBD's per-user shape over time to extend the network's rate beyond the horizons seen in
 * training; the scorer prints Pareto/NBD x Gamma-Gamma's value beside the network's.
 */
public record Baseline(ParetoNbd transactions, GammaGamma spend) {
  private static final double DAYS_PER_WEEK = 7.0;
  public static final String BLEND_WEIGHT = "blend_weight";
  public static final String BLEND_TRANSACTION_SCALE = "blend_transaction_scale";
  public static final String BLEND_SPEND_SCALE = "blend_spend_scale";

  public static Baseline of(Map<String, Double> params) {
    if (params == null || !params.containsKey("pnbd_r")) {
      return null;
    }
    return new Baseline(
        new ParetoNbd(params.get("pnbd_r"), params.get("pnbd_alpha"), params.get("pnbd_s"), params.get("pnbd_beta")),
        new GammaGamma(params.get("gg_p"), params.get("gg_q"), params.get("gg_gamma")));
  }

  public Map<String, Double> params() {
    Map<String, Double> params = new TreeMap<>();
    transactions.params().forEach((k, v) -> params.put("pnbd_" + k, v));
    spend.params().forEach((k, v) -> params.put("gg_" + k, v));
    return params;
  }

  /**
   * Pareto/NBD and Gamma-Gamma's view of {@code state} at {@code atMillis}. P(alive), the costly
   * part, is computed once here; expected purchase days over any horizon follow from it.
   */
  public At at(UserState state, long atMillis) {
    RfmSummary rfm = state.rfm(atMillis);
    return new At(transactions, rfm.frequency(), rfm.age(),
        transactions.probabilityAlive(rfm.frequency(), rfm.recency(), rfm.age()),
        spend.conditionalExpectedTransactionValue(rfm.frequency(), rfm.monetaryValue()));
  }

  /** {@code baseline}'s view of the user, or null when there is no baseline. */
  public static At atOrNull(Baseline baseline, UserState state, long atMillis) {
    return baseline == null ? null : baseline.at(state, atMillis);
  }

  /** One user at one time; see {@link #at}. */
  public record At(ParetoNbd transactions, int frequency, double ageWeeks, double probabilityAlive, double meanSpend) {
    /** Pareto/NBD's expected purchase days in {@code horizonDays}. */
    public double expectedTransactions(double horizonDays) {
      return transactions.expectedTransactionsIfAlive(horizonDays / DAYS_PER_WEEK, frequency, ageWeeks)
          * probabilityAlive;
    }

    /** Pareto/NBD x Gamma-Gamma value over {@code horizonDays}. */
    public double value(double horizonDays) {
      return expectedTransactions(horizonDays) * meanSpend;
    }
  }
}
