package io.ltvstream.core.clv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The beta-binomial model of discrete transaction opportunities: every customer buys at each
 * opportunity with probability p ~ Beta(alpha, beta), for ever. It is BG/BB's limit when nobody
 * drops out (theta -> 0), the model BG/BB's fit is reported as there. Time in opportunities, as
 * in {@link BgBb}.
 */
public record BetaBinomial(double alpha, double beta) implements TransactionModel {
  private static final String[] NAMES = {"alpha", "beta"};

  public BetaBinomial {
    if (!(alpha > 0 && beta > 0)) {
      throw new IllegalArgumentException("beta-binomial parameters must be positive: alpha="
          + alpha + ", beta=" + beta);
    }
  }

  /** Maximum-likelihood fit from several starts; throws {@link ModelFitException} if it fails. */
  static Fitted<BetaBinomial> fit(RfmTable data) {
    double rate = Math.min(0.5, Math.max(data.meanFrequency(), 0.1) / Math.max(data.meanAge(), 1));
    double odds = (1 - rate) / rate;
    List<double[]> starts = List.of(new double[] {1, 1}, new double[] {1, odds},
        new double[] {0.3, 0.3 * odds});
    MaximumLikelihood.Fit fit = MaximumLikelihood.maximize("beta-binomial", NAMES,
        p -> logLikelihood(p[0], p[1], data), starts, Double.NEGATIVE_INFINITY).identified();
    double[] p = fit.params();
    return new Fitted<>(new BetaBinomial(p[0], p[1]), fit.logLikelihood(), fit.summary());
  }

  /** B(alpha+x, beta+n-x)/B(alpha, beta): the order of the purchases does not matter. */
  static double logLikelihood(double alpha, double beta, RfmTable data) {
    double common = -BgBb.logBeta(alpha, beta);
    double total = 0;
    for (int i = 0; i < data.rows(); i++) {
      int x = data.frequency(i);
      int n = (int) Math.round(data.age(i));
      total += data.weight(i) * (common + BgBb.logBeta(alpha + x, beta + n - x));
    }
    return total;
  }

  @Override
  public Map<String, Double> params() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("alpha", alpha);
    params.put("beta", beta);
    return params;
  }

  @Override
  public double logLikelihood(int x, double tx, double age) {
    return BgBb.logBeta(alpha + x, beta + Math.round(age) - x) - BgBb.logBeta(alpha, beta);
  }

  @Override
  public double logLikelihood(RfmTable data) {
    return logLikelihood(alpha, beta, data);
  }

  /** t (alpha+x)/(alpha+beta+n): the posterior mean of p times the opportunities. */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    long horizon = Math.round(t);
    return horizon <= 0 ? 0 : horizon * (alpha + x) / (alpha + beta + Math.round(age));
  }

  /** Nobody drops out. */
  @Override
  public double probabilityAlive(int x, double tx, double age) {
    return 1;
  }

  /** 1 - B(alpha+x, beta+n-x+t)/B(alpha+x, beta+n-x): not a miss at every one of t opportunities. */
  @Override
  public double probabilityOfPurchase(double t, int x, double tx, double age) {
    long horizon = Math.round(t);
    if (horizon <= 0) {
      return 0;
    }
    double a = alpha + x;
    double b = beta + Math.round(age) - x;
    return -Math.expm1(BgBb.logBeta(a, b + horizon) - BgBb.logBeta(a, b));
  }

  /** n alpha/(alpha+beta). */
  @Override
  public double expectedTransactions(double t) {
    long n = Math.round(t);
    return n <= 0 ? 0 : n * alpha / (alpha + beta);
  }
}
