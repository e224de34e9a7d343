package io.ltvstream.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NBD with a share {@code pi} of one-time buyers: MBG/NBD's limit when its dropout
 * probability p ~ Beta(a, b) becomes a two-point distribution (a, b -> 0 with a/(a+b) -> pi).
 * A share pi of the customers drop out at their first purchase (p = 1) and never buy again; the
 * others never drop out (p = 0) and buy as Poisson processes with rate lambda ~ Gamma(r, alpha)
 * for ever. Seen on wholesale buyers, where MBG/NBD's fit runs to that boundary.
 *
 * <p>Its likelihood is MBG/NBD's at that limit: B(a, b+x+1)/B(a, b) -> 1 - pi and
 * a/(b+x) -> 0 for x &gt; 0, a/b -> pi/(1-pi) for x = 0, so
 * L = pi [x = 0] + (1 - pi) Gamma(r+x)/Gamma(r) alpha^r / (alpha+T)^(r+x).
 */
public record OneTimeBuyersNbd(double r, double alpha, double pi) implements TransactionModel {
  /** Names of the fitted parameters: the share is fitted as its odds pi/(1-pi), positive. */
  private static final String[] FIT_NAMES = {"r", "alpha", "pi/(1-pi)"};

  public OneTimeBuyersNbd {
    if (!(r > 0 && alpha > 0 && pi > 0 && pi < 1)) {
      throw new IllegalArgumentException("NBD with one-time buyers needs r > 0, alpha > 0 and"
          + " 0 < pi < 1: r=" + r + ", alpha=" + alpha + ", pi=" + pi);
    }
  }

  /** Maximum-likelihood fit from several starts; throws {@link ModelFitException} if it fails. */
  static Fitted<OneTimeBuyersNbd> fit(RfmTable data) {
    double rate = Math.max(data.meanFrequency(), 0.1) / data.meanAge();
    List<double[]> starts = List.of(new double[] {1, 1, 0.25}, new double[] {1, 1 / rate, 1},
        new double[] {0.25, 0.25 / rate, 0.1});
    MaximumLikelihood.Fit fit = MaximumLikelihood.maximize("NBD with one-time buyers", FIT_NAMES,
        p -> logLikelihood(p[0], p[1], p[2] / (1 + p[2]), data), starts,
        Double.NEGATIVE_INFINITY).identified();
    double[] p = fit.params();
    return new Fitted<>(new OneTimeBuyersNbd(p[0], p[1], p[2] / (1 + p[2])), fit.logLikelihood(),
        fit.summary());
  }

  static double logLikelihood(double r, double alpha, double pi, RfmTable data) {
    if (!(pi > 0 && pi < 1)) {
      return Double.NaN;
    }
    double logPi = Math.log(pi);
    double logStay = Math.log1p(-pi);
    double common = -logGamma(r) + r * Math.log(alpha);
    int maxX = data.maxFrequency();
    double[] perX = new double[maxX + 1];
    boolean[] seen = new boolean[maxX + 1];
    double total = 0;
    for (int i = 0; i < data.rows(); i++) {
      int x = data.frequency(i);
      if (!seen[x]) {
        perX[x] = common + logGamma(r + x);
        seen[x] = true;
      }
      double nbd = logStay + perX[x] - (r + x) * Math.log(alpha + data.age(i));
      total += data.weight(i) * (x == 0 ? BgNbd.logAddExp(logPi, nbd) : nbd);
    }
    return total;
  }

  @Override
  public Map<String, Double> params() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("r", r);
    params.put("alpha", alpha);
    params.put("pi", pi);
    return params;
  }

  @Override
  public double logLikelihood(int x, double tx, double age) {
    double nbd = Math.log1p(-pi) + logGamma(r + x) - logGamma(r) + r * Math.log(alpha)
        - (r + x) * Math.log(alpha + age);
    return x == 0 ? BgNbd.logAddExp(Math.log(pi), nbd) : nbd;
  }

  @Override
  public double logLikelihood(RfmTable data) {
    return logLikelihood(r, alpha, pi, data);
  }

  /** P(alive) (r+x)/(alpha+T) t: an NBD customer's posterior mean rate times the horizon. */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    return t <= 0 ? 0 : probabilityAlive(x, tx, age) * (r + x) / (alpha + age) * t;
  }

  /**
   * 1 after a repeat purchase (one-time buyers make none); without one, the posterior share of
   * NBD customers, (1-pi) q / (pi + (1-pi) q) with q = (alpha/(alpha+T))^r their chance of no
   * purchase in T.
   */
  @Override
  public double probabilityAlive(int x, double tx, double age) {
    if (x > 0) {
      return 1;
    }
    double logOdds = Math.log(pi) - Math.log1p(-pi) + r * Math.log1p(age / alpha);
    return 1 / (1 + Math.exp(logOdds));
  }

  /** P(alive) (1 - ((alpha+T)/(alpha+T+t))^(r+x)), the NBD's form for the customers alive. */
  @Override
  public double probabilityOfPurchase(double t, int x, double tx, double age) {
    return BgNbd.aliveThenPurchase(this, r, alpha, t, x, tx, age);
  }

  /** (1-pi) r t / alpha. */
  @Override
  public double expectedTransactions(double t) {
    return t <= 0 ? 0 : (1 - pi) * r / alpha * t;
  }
}
