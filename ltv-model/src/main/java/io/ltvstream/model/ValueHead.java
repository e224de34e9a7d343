package io.ltvstream.model;

import java.util.Map;
import org.apache.commons.math3.special.Erf;

/**
 * Turns the network's four outputs at a query step into a distribution of horizon value.
 * The outputs are a purchase rate per day {@code lambda = exp(o0)} at the query time, a decay
 * {@code k = exp(o1)} per day of that rate (survival-style: an idle or fading user's rate dies
 * away), and the lognormal of spend per purchase day ({@code mu = o2}, {@code sigma = exp(o3)}).
 * Expected purchase days over a horizon of H days integrate the decaying rate:
 * {@code lambda * (1 - exp(-k H)) / k}, so one model answers any horizon, including horizons
 * longer than those it saw in training. {@code pActive}, the chance of any purchase, follows from
 * the expected purchase days by the bundle's {@link ActivityCalibration} (gamma-Poisson, fit on the
 * validation window; {@code 1 - exp(-E[n])} for a bundle without one); spend given activity is
 * lognormal with the matching mean.
 *
 * <p>Horizons longer than the reference horizon (the validation window, the longest horizon the
 * network is checked on) follow Pareto/NBD's per-user shape: the network's purchase days over
 * the reference horizon times Pareto/NBD's ratio of expected purchase days over the horizon to
 * those over the reference horizon (Pareto/NBD fit on the same calibration data). The count
 * slope {@code b} (fit on the validation window) multiplies them by the power {@code b - 1} of
 * the network's purchase days over the reference horizon, so that the uniform calibration below
 * does not inflate the heaviest users. The aggregate calibration factors, fit on the latest
 * within-calibration window, scale transactions and spend.
 *
 * <p>A packed (ltv-train's {@code PackedEnsemble}) network gives four outputs per member; the network's purchase
 * days and spend are then the members' averages, and the quantiles take the members' mean sigma.
 *
 * <p>When the bundle says so ({@code blend_weight}), the prediction is an ensemble: that weight
 * of Pareto/NBD x Gamma-Gamma (calibrated on the same window in the same way) and the rest of
 * the network; both parts have the right aggregate, and their errors differ.
 */
public final class ValueHead {
  public static final int OUTPUTS = 4;
  /** Key of the count slope in the bundle's {@code baseline} map (1, no recalibration, when absent). */
  public static final String COUNT_SLOPE = "count_slope";
  public static final double MIN_LOG_RATE = -14;
  public static final double MAX_LOG_RATE = 3;
  public static final double MIN_LOG_DECAY = -12;
  public static final double MAX_LOG_DECAY = 2;
  public static final double MIN_LOG_SIGMA = -3;
  public static final double MAX_LOG_SIGMA = 2;
  private static final double SQRT2 = Math.sqrt(2);

  private final double transactionScale;
  private final double spendScale;
  private final double referenceHorizonDays;
  private final double countSlope;
  private final double blendWeight;
  private final double blendTransactionScale;
  private final double blendSpendScale;
  private final ActivityCalibration activity;

  public ValueHead(BundleMetadata metadata) {
    this.transactionScale = metadata.transactionScale();
    this.spendScale = metadata.spendScale();
    this.referenceHorizonDays = metadata.referenceHorizonDays();
    Map<String, Double> params = metadata.baseline() == null ? Map.of() : metadata.baseline();
    this.countSlope = params.getOrDefault(COUNT_SLOPE, 1.0);
    this.blendWeight = params.getOrDefault(Baseline.BLEND_WEIGHT, 0.0);
    this.blendTransactionScale = params.getOrDefault(Baseline.BLEND_TRANSACTION_SCALE, 1.0);
    this.blendSpendScale = params.getOrDefault(Baseline.BLEND_SPEND_SCALE, 1.0);
    this.activity = ActivityCalibration.of(params, ActivityCalibration.SHAPE);
  }

  /** The prediction from the network's outputs and Pareto/NBD's view of the user ({@code pnbd}, none when null). */
  public LtvPrediction predict(float[] out, Baseline.At pnbd, double horizonDays) {
    Expected network = expected(out, pnbd, horizonDays, referenceHorizonDays, countSlope);
    double transactions = transactionScale * network.transactions();
    double value = spendScale * transactionScale * network.spend();
    if (pnbd != null && blendWeight > 0) {
      double baselineTransactions = blendTransactionScale * pnbd.expectedTransactions(horizonDays);
      double baselineValue = blendSpendScale * baselineTransactions * pnbd.meanSpend();
      transactions = (1 - blendWeight) * transactions + blendWeight * baselineTransactions;
      value = (1 - blendWeight) * value + blendWeight * baselineValue;
    }
    return predict(meanSigma(out), transactions, value, pnbd == null ? Double.NaN : pnbd.value(horizonDays));
  }

  public static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  /** The network's purchase days and spend over a horizon, before the aggregate calibration. */
  public record Expected(double transactions, double spend) {}

  /**
   * The network's expected purchase days and spend over the horizon (the members' averages), before
   * the aggregate calibration, extended past the reference horizon with Pareto/NBD's view of the user
   * ({@code pnbd}, none when null) and recalibrated by the count slope.
   */
  public static Expected expected(float[] out, Baseline.At pnbd, double horizonDays, double referenceHorizonDays,
      double countSlope) {
    int members = out.length / OUTPUTS;
    double reference = 0;
    double referenceSpend = 0;
    double horizon = 0;
    double horizonSpend = 0;
    for (int o = 0; o < out.length; o += OUTPUTS) {
      double spendPerDay = meanSpend(out[o + 2], out[o + 3]);
      double r = expectedTransactions(out[o], out[o + 1], referenceHorizonDays);
      double h = expectedTransactions(out[o], out[o + 1], horizonDays);
      reference += r / members;
      referenceSpend += r * spendPerDay / members;
      horizon += h / members;
      horizonSpend += h * spendPerDay / members;
    }
    // count slope: expected purchase days over the reference horizon go as its power
    double recalibration = countSlope == 1 || reference <= 0 ? 1 : Math.pow(reference, countSlope - 1);
    if (pnbd == null || horizonDays <= referenceHorizonDays) {
      return new Expected(recalibration * horizon, recalibration * horizonSpend);
    }
    double shapeReference = pnbd.expectedTransactions(referenceHorizonDays);
    double shape = shapeReference > 0
        ? pnbd.expectedTransactions(horizonDays) / shapeReference
        : horizonDays / referenceHorizonDays;
    return new Expected(recalibration * reference * shape, recalibration * referenceSpend * shape);
  }

  /** Expected purchase days in a horizon of {@code horizonDays}, before calibration. */
  public static double expectedTransactions(double logRate, double logDecay, double horizonDays) {
    double lambda = Math.exp(clamp(logRate, MIN_LOG_RATE, MAX_LOG_RATE));
    double k = Math.exp(clamp(logDecay, MIN_LOG_DECAY, MAX_LOG_DECAY));
    double u = k * horizonDays;
    return lambda * horizonDays * integratedFraction(u);
  }

  /** (1 - e^-u) / u, stable near 0. */
  public static double integratedFraction(double u) {
    return u < 1e-8 ? 1 - u / 2 : -Math.expm1(-u) / u;
  }

  /** Mean spend per purchase day of the lognormal (mu, exp(logSigma)). */
  public static double meanSpend(double mu, double logSigma) {
    double sigma = Math.exp(clamp(logSigma, MIN_LOG_SIGMA, MAX_LOG_SIGMA));
    return Math.exp(clamp(mu, -10, 15) + sigma * sigma / 2);
  }

  /** The members' mean lognormal sigma of spend per purchase day. */
  private static double meanSigma(float[] out) {
    double sum = 0;
    for (int o = 0; o < out.length; o += OUTPUTS) {
      sum += Math.exp(clamp(out[o + 3], MIN_LOG_SIGMA, MAX_LOG_SIGMA));
    }
    return sum / (out.length / OUTPUTS);
  }

  private LtvPrediction predict(double sigma, double transactions, double value, double baselineValue) {
    double pActive = activity.probability(transactions);
    double conditionalMu = pActive > 0 ? Math.log(value / pActive) - sigma * sigma / 2 : 0;
    return new LtvPrediction(pActive, transactions, value,
        quantile(0.1, pActive, conditionalMu, sigma), quantile(0.5, pActive, conditionalMu, sigma),
        quantile(0.9, pActive, conditionalMu, sigma), baselineValue);
  }

  /** Quantile of a zero-inflated lognormal: 0 with probability 1 - p, else LN(mu, sigma). */
  public static double quantile(double q, double pActive, double mu, double sigma) {
    if (pActive <= 0 || q <= 1 - pActive || value(mu) == 0) {
      return 0;
    }
    double conditional = (q - (1 - pActive)) / pActive;
    double z = SQRT2 * Erf.erfInv(2 * Math.min(conditional, 1 - 1e-12) - 1);
    return Math.exp(mu + sigma * z);
  }

  private static double value(double mu) {
    return Double.isFinite(mu) ? 1 : 0;
  }
}
