package io.ltvstream.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MBG/NBD model (Batislam, Denizel and Filiztekin 2007): BG/NBD where a customer may also
 * drop out right after the first purchase, so that a customer without repeat purchases is not
 * assumed alive. While alive a customer buys as a Poisson process with rate
 * lambda ~ Gamma(r, alpha); after every purchase, the first included, they drop out with
 * probability p ~ Beta(a, b).
 */
public record MbgNbd(double r, double alpha, double a, double b) implements TransactionModel {
  static final String[] NAMES = {"r", "alpha", "a", "b"};
  private static final Nbd.Boundary TWO_POINT_DROPOUT = new Nbd.Boundary("two-point dropout",
      "NBD with one-time buyers", "a, b -> 0", OneTimeBuyersNbd::fit, limit -> String.format(
          Locale.ROOT, "a share pi=%.6g of the customers are one-time buyers, gone after their"
              + " first purchase, and the others never drop out: P(alive) is 1 after a repeat"
              + " purchase and expected transactions are P(alive) (r+x)/(alpha+T) t, with"
              + " r=%.6g, alpha=%.6g", limit.params().get("pi"), limit.params().get("r"),
          limit.params().get("alpha")));

  public MbgNbd {
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
      throw new IllegalArgumentException("MBG/NBD parameters must be positive: r=" + r
          + ", alpha=" + alpha + ", a=" + a + ", b=" + b);
    }
  }

  /**
   * Maximum-likelihood fit from several starts: the MBG/NBD, or one of its limits, with
   * {@link Fitted#limit()} saying so: the NBD when the dropout probability vanishes
   * (a/(a+b) -> 0), or the NBD with one-time buyers ({@link OneTimeBuyersNbd}) when it becomes
   * a two-point distribution, 1 for a share pi of the customers and 0 for the others
   * (a, b -> 0), as on wholesale buyers.
   *
   * @throws ModelFitException if the data identify neither
   */
  public static Fitted<TransactionModel> fitOrLimit(RfmTable data) {
    double scale = data.meanAge() / Math.max(data.meanFrequency(), 0.1);
    List<double[]> starts = List.of(
        new double[] {1, 1, 1, 1},
        new double[] {1, scale, 1, 1},
        new double[] {0.5, scale / 2, 0.9, 1.6},
        new double[] {2, 2 * scale, 0.3, 3});
    return Nbd.fitOrLimit("MBG/NBD", data,
        refineAbove -> MaximumLikelihood.maximize("MBG/NBD", NAMES,
            p -> logLikelihood(p[0], p[1], p[2], p[3], data), starts, refineAbove),
        p -> new MbgNbd(p[0], p[1], p[2], p[3]),
        List.of(Nbd.noDropout("a/(a+b) -> 0"), TWO_POINT_DROPOUT));
  }

  /**
   * Gamma(r+x)/Gamma(r) alpha^r B(a, b+x+1)/B(a, b) [(alpha+T)^-(r+x) + a/(b+x)
   * (alpha+t_x)^-(r+x)]: alive after x + 1 purchases, or dropped out after the last, at t_x.
   */
  static double logLikelihood(double r, double alpha, double a, double b, RfmTable data) {
    double[] times = data.times();
    double[] logAlphaPlus = new double[times.length];
    for (int k = 0; k < times.length; k++) {
      logAlphaPlus[k] = Math.log(alpha + times[k]);
    }
    int maxX = data.maxFrequency();
    double[] perX = new double[maxX + 1];
    double[] dropOut = new double[maxX + 1];
    boolean[] seen = new boolean[maxX + 1];
    double common = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
    double logA = Math.log(a);
    double total = 0;
    for (int i = 0; i < data.rows(); i++) {
      int x = data.frequency(i);
      if (!seen[x]) {
        perX[x] = common + logGamma(r + x) + logGamma(b + x + 1) - logGamma(a + b + x + 1);
        dropOut[x] = logA - Math.log(b + x);
        seen[x] = true;
      }
      double alive = -(r + x) * logAlphaPlus[data.ageTime(i)];
      double tail = BgNbd.logAddExp(alive, dropOut[x] - (r + x) * logAlphaPlus[data.recencyTime(i)]);
      total += data.weight(i) * (perX[x] + tail);
    }
    return total;
  }

  @Override
  public Map<String, Double> params() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("r", r);
    params.put("alpha", alpha);
    params.put("a", a);
    params.put("b", b);
    return params;
  }

  @Override
  public double logLikelihood(int x, double tx, double age) {
    return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logGamma(a + b)
        + logGamma(b + x + 1) - logGamma(b) - logGamma(a + b + x + 1)
        + BgNbd.logAddExp(-(r + x) * Math.log(alpha + age),
            Math.log(a) - Math.log(b + x) - (r + x) * Math.log(alpha + tx));
  }

  /**
   * E[Y(t) | x, t_x, T] = (a+b+x)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
   * 2F1(r+x, b+x+1; a+b+x; t/(alpha+T+t))] P(alive); after the Euler transformation the power
   * and the 2F1 combine into (1-z)^(a-1) 2F1(a+b-r, a-1; a+b+x; z), which does not overflow.
   */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    if (t <= 0) {
      return 0;
    }
    double z = t / (alpha + age + t);
    double euler = Hypergeometric2F1.value(a + b - r, a - 1, a + b + x, z);
    return (a + b + x) / (a - 1) * BgNbd.oneMinusPowerTimes(a, z, euler) * probabilityAlive(x, tx, age);
  }

  /** 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)), for every x: the first purchase counts. */
  @Override
  public double probabilityAlive(int x, double tx, double age) {
    double logOdds = Math.log(a) - Math.log(b + x)
        + (r + x) * (Math.log(alpha + age) - Math.log(alpha + tx));
    return 1 / (1 + Math.exp(logOdds));
  }

  /** P(alive) (1 - ((alpha+T)/(alpha+T+t))^(r+x)), as for BG/NBD: dropout only at a purchase. */
  @Override
  public double probabilityOfPurchase(double t, int x, double tx, double age) {
    return BgNbd.aliveThenPurchase(this, r, alpha, t, x, tx, age);
  }

  /**
   * E[X(t)] = b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))], the power and
   * the 2F1 combined as above into (1-z)^(a-1) 2F1(a+b-r, a-1; a+b; z).
   */
  @Override
  public double expectedTransactions(double t) {
    if (t <= 0) {
      return 0;
    }
    double z = t / (alpha + t);
    double euler = Hypergeometric2F1.value(a + b - r, a - 1, a + b, z);
    return b / (a - 1) * BgNbd.oneMinusPowerTimes(a, z, euler);
  }
}
