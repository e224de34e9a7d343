package io.ltvstream.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BG/NBD model (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): while
 * alive a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha); after every
 * purchase they drop out with probability p ~ Beta(a, b).
 */
public record BgNbd(double r, double alpha, double a, double b) implements TransactionModel {
  static final String[] NAMES = {"r", "alpha", "a", "b"};

  public BgNbd {
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
      throw new IllegalArgumentException("BG/NBD parameters must be positive: r=" + r
          + ", alpha=" + alpha + ", a=" + a + ", b=" + b);
    }
  }

  /**
   * Maximum-likelihood fit from several starts, for callers that need BG/NBD's own parameters.
   *
   * @throws ModelFitException if it fails, or if it reaches the NBD limit (see {@link #fitOrLimit})
   */
  public static Fitted<BgNbd> fit(RfmTable data) {
    Fitted<TransactionModel> fitted = fitOrLimit(data);
    if (fitted.limit().isPresent()) {
      throw new ModelFitException(fitted.limit().get().warning() + "; BG/NBD has no parameters"
          + " of its own there");
    }
    return new Fitted<>((BgNbd) fitted.model(), fitted.logLikelihood(), fitted.summary());
  }

  /**
   * Maximum-likelihood fit from several starts: the BG/NBD, or its limit when the dropout
   * probability p ~ Beta(a, b) vanishes (a -> 0 or b -> infinity), the NBD, with
   * {@link Fitted#limit()} saying so.
   *
   * @throws ModelFitException if the data identify neither
   */
  public static Fitted<TransactionModel> fitOrLimit(RfmTable data) {
    double scale = data.meanAge() / Math.max(data.meanFrequency(), 0.1);
    List<double[]> starts = List.of(
        new double[] {1, 1, 1, 1},
        new double[] {1, scale, 1, 1},
        new double[] {0.25, scale / 4, 0.8, 2.5},
        new double[] {2, 2 * scale, 0.3, 3});
    return Nbd.fitOrNoDropoutLimit("BG/NBD", data,
        refineAbove -> MaximumLikelihood.maximize("BG/NBD", NAMES,
            p -> logLikelihood(p[0], p[1], p[2], p[3], data), starts, refineAbove),
        p -> new BgNbd(p[0], p[1], p[2], p[3]), "a/(a+b) -> 0");
  }

  /**
   * Log-likelihood of a whole table: the Gamma functions once per frequency, the logarithms of
   * alpha + t once per distinct time.
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
        perX[x] = common + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
        dropOut[x] = x == 0 ? 0 : logA - Math.log(b + x - 1);
        seen[x] = true;
      }
      double alive = -(r + x) * logAlphaPlus[data.ageTime(i)];
      double tail = x == 0 ? alive
          : logAddExp(alive, dropOut[x] - (r + x) * logAlphaPlus[data.recencyTime(i)]);
      total += data.weight(i) * (perX[x] + tail);
    }
    return total;
  }

  /** ln of the bracket: (alpha+T)^-(r+x) + [x>0] a/(b+x-1) (alpha+t_x)^-(r+x). */
  private static double logTail(double r, double alpha, double a, double b, int x, double tx,
      double age) {
    double alive = -(r + x) * Math.log(alpha + age);
    if (x == 0) {
      return alive;
    }
    double droppedOut = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
    return logAddExp(alive, droppedOut);
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
        + logGamma(b + x) - logGamma(b) - logGamma(a + b + x)
        + logTail(r, alpha, a, b, x, tx, age);
  }

  @Override
  public double logLikelihood(RfmTable data) {
    return logLikelihood(r, alpha, a, b, data);
  }

  /**
   * E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
   * 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)),
   * with the power and the 2F1 combined through the Euler transformation so that neither
   * overflows for frequent buyers.
   */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    if (t <= 0) {
      return 0;
    }
    double z = t / (alpha + age + t);
    double euler = Hypergeometric2F1.value(a + b - 1 - r, a - 1, a + b + x - 1, z);
    return (a + b + x - 1) / (a - 1) * oneMinusPowerTimes(a, z, euler) * probabilityAlive(x, tx, age);
  }

  @Override
  public double probabilityAlive(int x, double tx, double age) {
    if (x == 0) {
      return 1;
    }
    double logOdds = Math.log(a) - Math.log(b + x - 1)
        + (r + x) * (Math.log(alpha + age) - Math.log(alpha + tx));
    return 1 / (1 + Math.exp(logOdds));
  }

  /**
   * P(alive at T) (1 - ((alpha+T)/(alpha+T+t))^(r+x)): a customer alive at T can only drop out
   * right after a purchase, so none in the next t means no Poisson event, and given alive the
   * rate's posterior is Gamma(r+x, alpha+T).
   */
  @Override
  public double probabilityOfPurchase(double t, int x, double tx, double age) {
    return aliveThenPurchase(this, r, alpha, t, x, tx, age);
  }

  /**
   * P(alive at T) times {@link #purchaseIfAlive}: the chance of a purchase in the next t for the
   * models whose dropout comes only right after a purchase (BG/NBD, MBG/NBD, the NBD with one-time
   * buyers), with their gamma-distributed purchase rate.
   */
  static double aliveThenPurchase(TransactionModel model, double r, double alpha, double t, int x, double tx,
      double age) {
    return t <= 0 ? 0 : model.probabilityAlive(x, tx, age) * purchaseIfAlive(r, alpha, x, age, t);
  }

  /**
   * 1 - ((alpha+T)/(alpha+T+t))^(r+x): the chance of a purchase in the next t for a customer who
   * cannot drop out before it (the NBD; BG/NBD and MBG/NBD given alive, whose dropout comes only
   * right after a purchase) and whose rate's posterior is Gamma(r+x, alpha+T).
   */
  static double purchaseIfAlive(double r, double alpha, int x, double age, double t) {
    return -Math.expm1(-(r + x) * Math.log1p(t / (alpha + age)));
  }

  /** E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]. */
  @Override
  public double expectedTransactions(double t) {
    if (t <= 0) {
      return 0;
    }
    double z = t / (alpha + t);
    double euler = Hypergeometric2F1.value(a + b - 1 - r, a - 1, a + b - 1, z);
    return (a + b - 1) / (a - 1) * oneMinusPowerTimes(a, z, euler);
  }

  /**
   * 1 - (1-z)^(a-1) F, written as (1 - (1-z)^(a-1)) - (1-z)^(a-1) (F - 1) so that it keeps its
   * precision when it is small (both terms are of the order of a - 1).
   */
  static double oneMinusPowerTimes(double a, double z, double hypergeometric) {
    double logPower = (a - 1) * Math.log1p(-z);
    return -Math.expm1(logPower) - Math.exp(logPower) * (hypergeometric - 1);
  }

  static double logAddExp(double u, double v) {
    double max = Math.max(u, v);
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    return max + Math.log1p(Math.exp(-Math.abs(u - v)));
  }
}
