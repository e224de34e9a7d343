package io.ltvstream.core.eval;

import io.ltvstream.core.clv.Fitted;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@link LtvPredictor} predicts for a {@link CalibrationSet}: per user (aligned with
 * {@link CalibrationSet#users()}), the expected number of repeat transactions (distinct purchase
 * days) and the expected spend (purchases minus refunds, base currency) in the holdout.
 *
 * <p>Optional parts, all shown by the JSON, table and report when present:
 * <ul>
 *   <li>{@code params}: the fitted parameters by name (JSON {@code models.<name>.params});
 *   <li>{@code components}: parameters of sub-models this prediction used, by model name
 *       (for example {@code gammagamma} for spend); each becomes its own JSON entry
 *       {@code models.<component>.params}, written once even when several predictors share it;
 *   <li>{@code trainSeconds}: wall seconds spent fitting or training (0 for a model trained
 *       elsewhere);
 *   <li>{@code cumulativeTracking}: the model's expected cumulative repeat transactions of the
 *       whole cohort at each point of {@link CalibrationSet#trackingWeeks()} (calibration and
 *       holdout), for the tracking chart; null when the model cannot say, in which case the
 *       report draws the actual calibration curve followed by a straight line to the model's
 *       holdout total;
 *   <li>{@code limit}: for a customer-base model whose fit reached a boundary where it becomes a
 *       simpler model (BG/NBD or Pareto/NBD without dropout: the NBD), which limit, and the
 *       warning to show; the prediction and {@code params} are then the limit's. Null when the
 *       model was fitted as itself.
 *   <li>{@code purchaseProbability}: per user, the probability of at least one purchase in the
 *       holdout (the network's {@code p_active}, the customer-base models' closed forms); null
 *       when the model gives none;
 *   <li>{@code spendQuantiles}: per user, the 10%, 50% and 90% quantiles of holdout spend; null
 *       when the model gives none;
 *   <li>{@code standardErrors}: standard errors of fitted parameters, by model name: this
 *       prediction's own {@code params} under {@link #OWN}, a component's under its name
 *       (JSON {@code params_se} beside each {@code params});
 *   <li>{@code aggregateIntervals}: intervals on the cohort's total holdout transactions and
 *       spend from the parameters' uncertainty; null when the model gives none.
 * </ul>
 *
 * <p>Arrays are not copied; a predictor hands over arrays it no longer changes.
 */
public record Prediction(
    double[] transactions,
    double[] spend,
    Map<String, Double> params,
    Map<String, Map<String, Double>> components,
    double trainSeconds,
    double[] cumulativeTracking,
    Fitted.Limit limit,
    double[] purchaseProbability,
    SpendQuantiles spendQuantiles,
    Map<String, Map<String, Double>> standardErrors,
    AggregateIntervals aggregateIntervals) {

  /**
   * Intervals on the cohort's total holdout transactions and spend at {@code level} (e.g. 0.95):
   * the uncertainty of the fitted parameters carried to the totals (see
   * {@code CustomerBasePredictor}), not the customers' own randomness.
   */
  public record AggregateIntervals(double level, double transactionsLow, double transactionsHigh,
      double spendLow, double spendHigh) {}

  /** Key of the prediction's own parameters in {@link #standardErrors()}. */
  public static final String OWN = "";

  /** Per-user quantiles of holdout spend at the levels {@link #LEVELS}. */
  public record SpendQuantiles(double[] p10, double[] p50, double[] p90) {
    public static final double[] LEVELS = {0.1, 0.5, 0.9};

    /** The quantiles at {@code LEVELS[k]}. */
    public double[] atLevel(int k) {
      return switch (k) {
        case 0 -> p10;
        case 1 -> p50;
        case 2 -> p90;
        default -> throw new IndexOutOfBoundsException("level " + k + " of " + LEVELS.length);
      };
    }
  }

  public Prediction {
    if (transactions == null || spend == null) {
      throw new IllegalArgumentException("a prediction needs both transactions and spend");
    }
    if (transactions.length != spend.length) {
      throw new IllegalArgumentException("transactions has " + transactions.length
          + " users but spend has " + spend.length);
    }
    params = params == null ? Map.of() : orderedCopy(params);
    components = components == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(components));
    standardErrors = standardErrors == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(standardErrors));
    if (purchaseProbability != null && purchaseProbability.length != transactions.length) {
      throw new IllegalArgumentException("purchaseProbability has " + purchaseProbability.length
          + " users but transactions has " + transactions.length);
    }
    if (spendQuantiles != null) {
      for (int k = 0; k < SpendQuantiles.LEVELS.length; k++) {
        if (spendQuantiles.atLevel(k).length != transactions.length) {
          throw new IllegalArgumentException("spend quantile " + SpendQuantiles.LEVELS[k] + " has "
              + spendQuantiles.atLevel(k).length + " users but transactions has " + transactions.length);
        }
      }
    }
  }

  /** Transactions and spend only. */
  public static Prediction of(double[] transactions, double[] spend) {
    return new Prediction(transactions, spend, null, null, 0, null, null, null, null, null, null);
  }

  /** The same prediction with these parameters, in their iteration order. */
  public Prediction withParams(Map<String, Double> newParams) {
    return new Prediction(transactions, spend, newParams, components, trainSeconds,
        cumulativeTracking, limit, purchaseProbability, spendQuantiles, standardErrors,
        aggregateIntervals);
  }

  /** The same prediction, also reporting the parameters of the sub-model {@code name}. */
  public Prediction withComponent(String name, Map<String, Double> componentParams) {
    Map<String, Map<String, Double>> all = new LinkedHashMap<>(components);
    all.put(name, orderedCopy(componentParams));
    return new Prediction(transactions, spend, params, all, trainSeconds, cumulativeTracking,
        limit, purchaseProbability, spendQuantiles, standardErrors,
        aggregateIntervals);
  }

  /** The same prediction with its training time. */
  public Prediction withTrainSeconds(double seconds) {
    return new Prediction(transactions, spend, params, components, seconds, cumulativeTracking,
        limit, purchaseProbability, spendQuantiles, standardErrors,
        aggregateIntervals);
  }

  /** The same prediction with its cumulative tracking curve (see the class comment). */
  public Prediction withCumulativeTracking(double[] curve) {
    return new Prediction(transactions, spend, params, components, trainSeconds, curve, limit,
        purchaseProbability, spendQuantiles, standardErrors,
        aggregateIntervals);
  }

  /** The same prediction, made by the limit a fit reached (see the class comment). */
  public Prediction withLimit(Fitted.Limit fitLimit) {
    return new Prediction(transactions, spend, params, components, trainSeconds,
        cumulativeTracking, fitLimit, purchaseProbability, spendQuantiles, standardErrors,
        aggregateIntervals);
  }

  /** The same prediction with each user's probability of any purchase in the holdout. */
  public Prediction withPurchaseProbability(double[] probability) {
    return new Prediction(transactions, spend, params, components, trainSeconds,
        cumulativeTracking, limit, probability, spendQuantiles, standardErrors,
        aggregateIntervals);
  }

  /** The same prediction with each user's quantiles of holdout spend. */
  public Prediction withSpendQuantiles(SpendQuantiles quantiles) {
    return new Prediction(transactions, spend, params, components, trainSeconds,
        cumulativeTracking, limit, purchaseProbability, quantiles, standardErrors,
        aggregateIntervals);
  }

  /**
   * The same prediction with the standard errors of the parameters of {@code model}
   * ({@link #OWN} for its own, else a component's name).
   */
  public Prediction withStandardErrors(String model, Map<String, Double> se) {
    Map<String, Map<String, Double>> all = new LinkedHashMap<>(standardErrors);
    all.put(model, orderedCopy(se));
    return new Prediction(transactions, spend, params, components, trainSeconds,
        cumulativeTracking, limit, purchaseProbability, spendQuantiles, all, aggregateIntervals);
  }

  /** The same prediction with intervals on its totals (see {@link AggregateIntervals}). */
  public Prediction withAggregateIntervals(AggregateIntervals intervals) {
    return new Prediction(transactions, spend, params, components, trainSeconds,
        cumulativeTracking, limit, purchaseProbability, spendQuantiles, standardErrors, intervals);
  }

  /** Number of users predicted. */
  public int size() {
    return transactions.length;
  }

  private static Map<String, Double> orderedCopy(Map<String, Double> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
