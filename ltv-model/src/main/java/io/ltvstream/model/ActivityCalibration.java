package io.ltvstream.model;

import java.util.Map;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * The probability of at least one purchase in a horizon ({@code p_active}) from the expected
 * purchase days {@code m} over it. Read as a Poisson count, it would be {@code 1 - e^-m}; but the
 * expectation is uncertain (the rate varies around it, and a user may have dropped out), and
 * over a customer base that uncertainty puts more users at zero than a Poisson count does, so
 * {@code 1 - e^-m} is too sure of the heavy buyers. Here the count is gamma-Poisson given the
 * prediction: the rate is {@code m} times a Gamma(shape, shape) factor, so
 * {@code p = 1 - (1 + m / shape)^-shape}, which keeps the mean and tends to the Poisson form as the
 * shape grows. The shape is fit on the training's validation window (inside the calibration
 * period, never the holdout) and stored in the bundle's {@code baseline} map under
 * {@link #SHAPE}; a bundle without it (trained before this calibration) keeps the Poisson form.
 *
 * <p>The factor multiplies the rate for the whole horizon, so one shape answers every horizon.
 */
public record ActivityCalibration(double shape) {
  /** Key of the shape in the bundle's {@code baseline} map (the served prediction's). */
  public static final String SHAPE = "activity_shape";
  /** Key of the shape of the network alone (blend weight 0), the {@code network} entry's. */
  public static final String NETWORK_SHAPE = "network_activity_shape";
  /** No calibration: the Poisson form {@code 1 - e^-m}. */
  public static final ActivityCalibration POISSON = new ActivityCalibration(Double.POSITIVE_INFINITY);
  /** The search range of ln(shape); the upper end is indistinguishable from the Poisson form. */
  static final double MIN_LOG_SHAPE = -6;
  static final double MAX_LOG_SHAPE = 14;
  private static final double GRID_STEP = 0.5;

  public ActivityCalibration {
    if (!(shape > 0)) {
      throw new IllegalArgumentException("the activity shape must be positive, not " + shape);
    }
  }

  /** The calibration a bundle's {@code baseline} map holds under {@code key}, Poisson when absent. */
  public static ActivityCalibration of(Map<String, Double> baseline, String key) {
    Double shape = baseline == null ? null : baseline.get(key);
    return shape == null ? POISSON : new ActivityCalibration(shape);
  }

  /** P(at least one purchase) given {@code expected} purchase days. */
  public double probability(double expected) {
    if (expected <= 0) {
      return 0;
    }
    if (shape == Double.POSITIVE_INFINITY) {
      return -Math.expm1(-expected);
    }
    return -Math.expm1(-shape * Math.log1p(expected / shape));
  }

  /** The Brier score of this calibration's probabilities against whether each user bought. */
  public double brier(double[] expected, boolean[] bought) {
    double sum = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = probability(expected[i]) - (bought[i] ? 1 : 0);
      sum += d * d;
    }
    return expected.length == 0 ? Double.NaN : sum / expected.length;
  }

  /**
   * The shape with the lowest Brier score on a window's predictions {@code expected} and outcomes
   * {@code bought}, or {@link #POISSON} when no shape scores better than it (so the fit never
   * worsens the window's Brier score).
   */
  public static ActivityCalibration fit(double[] expected, boolean[] bought) {
    if (expected.length != bought.length) {
      throw new IllegalArgumentException(expected.length + " predictions but " + bought.length + " outcomes");
    }
    if (expected.length == 0) {
      return POISSON;
    }
    // a coarse grid, then Brent's method between the best point's neighbours
    double bestLn = MAX_LOG_SHAPE;
    double bestBrier = Double.POSITIVE_INFINITY;
    for (double ln = MIN_LOG_SHAPE; ln <= MAX_LOG_SHAPE; ln += GRID_STEP) {
      double b = new ActivityCalibration(Math.exp(ln)).brier(expected, bought);
      if (b < bestBrier) {
        bestBrier = b;
        bestLn = ln;
      }
    }
    double best = new BrentOptimizer(1e-8, 1e-10).optimize(new MaxEval(500), GoalType.MINIMIZE,
        new SearchInterval(Math.max(MIN_LOG_SHAPE, bestLn - GRID_STEP), Math.min(MAX_LOG_SHAPE, bestLn + GRID_STEP)),
        new UnivariateObjectiveFunction(ln -> new ActivityCalibration(Math.exp(ln)).brier(expected, bought)))
        .getPoint();
    ActivityCalibration fitted = new ActivityCalibration(Math.exp(best));
    return fitted.brier(expected, bought) < POISSON.brier(expected, bought) ? fitted : POISSON;
  }
}
