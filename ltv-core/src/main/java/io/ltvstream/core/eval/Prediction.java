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
    Fitted.Limit limit) {

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
  }

  /** Transactions and spend only. */
  public static Prediction of(double[] transactions, double[] spend) {
    return new Prediction(transactions, spend, null, null, 0, null, null);
  }

  /** The same prediction with these parameters, in their iteration order. */
  public Prediction withParams(Map<String, Double> newParams) {
    return new Prediction(transactions, spend, newParams, components, trainSeconds,
        cumulativeTracking, limit);
  }

  /** The same prediction, also reporting the parameters of the sub-model {@code name}. */
  public Prediction withComponent(String name, Map<String, Double> componentParams) {
    Map<String, Map<String, Double>> all = new LinkedHashMap<>(components);
    all.put(name, orderedCopy(componentParams));
    return new Prediction(transactions, spend, params, all, trainSeconds, cumulativeTracking,
        limit);
  }

  /** The same prediction with its training time. */
  public Prediction withTrainSeconds(double seconds) {
    return new Prediction(transactions, spend, params, components, seconds, cumulativeTracking,
        limit);
  }

  /** The same prediction with its cumulative tracking curve (see the class comment). */
  public Prediction withCumulativeTracking(double[] curve) {
    return new Prediction(transactions, spend, params, components, trainSeconds, curve, limit);
  }

  /** The same prediction, made by the limit a fit reached (see the class comment). */
  public Prediction withLimit(Fitted.Limit fitLimit) {
    return new Prediction(transactions, spend, params, components, trainSeconds,
        cumulativeTracking, fitLimit);
  }

  /** Number of users predicted. */
  public int size() {
    return transactions.length;
  }

  private static Map<String, Double> orderedCopy(Map<String, Double> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
