package io.ltvstream.core.clv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The beta-binomial with a share {@code pi} of one-time buyers: BG/BB's limit when its dropout
 * probability theta ~ Beta(gamma, delta) becomes a two-point distribution (gamma, delta -> 0 with
 * gamma/(gamma+delta) -> pi), as on wholesale buyers. A share pi of the customers drop out before
 * their first opportunity (theta = 1) and never buy again; the others never drop out (theta = 0)
 * and buy at each opportunity with probability p ~ Beta(alpha, beta). The discrete twin of
 * {@link OneTimeBuyersNbd}; time in opportunities, as in {@link BgBb}.
 *
 * <p>L = pi [x = 0] + (1 - pi) B(alpha+x, beta+n-x)/B(alpha, beta).
 */
public record OneTimeBuyersBetaBinomial(double alpha, double beta, double pi)
    implements TransactionModel {
  /** Names of the fitted parameters: the share is fitted as its odds pi/(1-pi), positive. */
  private static final String[] FIT_NAMES = {"alpha", "beta", "pi/(1-pi)"};

  public OneTimeBuyersBetaBinomial {
    if (!(alpha > 0 && beta > 0 && pi > 0 && pi < 1)) {
      throw new IllegalArgumentException("beta-binomial with one-time buyers needs alpha > 0,"
          + " beta > 0 and 0 < pi < 1: alpha=" + alpha + ", beta=" + beta + ", pi=" + pi);
    }
  }

  /** Maximum-likelihood fit from several starts; throws {@link ModelFitException} if it fails. */
  static Fitted<OneTimeBuyersBetaBinomial> fit(RfmTable data) {
    double rate = Math.min(0.5, Math.max(data.meanFrequency(), 0.1) / Math.max(data.meanAge(), 1));
    double odds = (1 - rate) / rate;
    List<double[]> starts = List.of(new double[] {1, 1, 0.25}, new double[] {1, odds, 1},
        new double[] {0.3, 0.3 * odds, 0.1});
    MaximumLikelihood.Fit fit = MaximumLikelihood.maximize("beta-binomial with one-time buyers",
        FIT_NAMES, p -> logLikelihood(p[0], p[1], p[2] / (1 + p[2]), data), starts,
        Double.NEGATIVE_INFINITY).identified();
    double[] p = fit.params();
    return new Fitted<>(new OneTimeBuyersBetaBinomial(p[0], p[1], p[2] / (1 + p[2])),
        fit.logLikelihood(), fit.summary());
  }

  static double logLikelihood(double alpha, double beta, double pi, RfmTable data) {
    if (!(pi > 0 && pi < 1)) {
      return Double.NaN;
    }
    double logPi = Math.log(pi);
    double common = Math.log1p(-pi) - BgBb.logBeta(alpha, beta);
    double total = 0;
    for (int i = 0; i < data.rows(); i++) {
      int x = data.frequency(i);
      int n = (int) Math.round(data.age(i));
      double stays = common + BgBb.logBeta(alpha + x, beta + n - x);
      total += data.weight(i) * (x == 0 ? BgNbd.logAddExp(logPi, stays) : stays);
    }
    return total;
  }

  @Override
  public Map<String, Double> params() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("alpha", alpha);
    params.put("beta", beta);
    params.put("pi", pi);
    return params;
  }

  @Override
  public double logLikelihood(int x, double tx, double age) {
    long n = Math.round(age);
    double stays = Math.log1p(-pi) + BgBb.logBeta(alpha + x, beta + n - x)
        - BgBb.logBeta(alpha, beta);
    return x == 0 ? BgNbd.logAddExp(Math.log(pi), stays) : stays;
  }

  @Override
  public double logLikelihood(RfmTable data) {
    return logLikelihood(alpha, beta, pi, data);
  }

  /** P(alive) t (alpha+x)/(alpha+beta+n). */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    long horizon = Math.round(t);
    return horizon <= 0 ? 0 : probabilityAlive(x, tx, age) * horizon * (alpha + x)
        / (alpha + beta + Math.round(age));
  }

  /**
   * 1 after a repeat purchase; without one, the posterior share of the customers who stay,
   * (1-pi) q / (pi + (1-pi) q) with q = B(alpha, beta+n)/B(alpha, beta) their chance of n misses.
   */
  @Override
  public double probabilityAlive(int x, double tx, double age) {
    if (x > 0) {
      return 1;
    }
    double logQ = BgBb.logBeta(alpha, beta + Math.round(age)) - BgBb.logBeta(alpha, beta);
    return 1 / (1 + Math.exp(Math.log(pi) - Math.log1p(-pi) - logQ));
  }

  /** P(alive) (1 - B(alpha+x, beta+n-x+t)/B(alpha+x, beta+n-x)). */
  @Override
  public double probabilityOfPurchase(double t, int x, double tx, double age) {
    long horizon = Math.round(t);
    if (horizon <= 0) {
      return 0;
    }
    double a = alpha + x;
    double b = beta + Math.round(age) - x;
    return probabilityAlive(x, tx, age)
        * -Math.expm1(BgBb.logBeta(a, b + horizon) - BgBb.logBeta(a, b));
  }

  /** (1-pi) n alpha/(alpha+beta). */
  @Override
  public double expectedTransactions(double t) {
    long n = Math.round(t);
    return n <= 0 ? 0 : (1 - pi) * n * alpha / (alpha + beta);
  }
}
