package io.ltvstream.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pareto/NBD model (Schmittlein, Morrison and Colombo 1987), in the formulation of Fader and
 * Hardie's note "Deriving the Pareto/NBD model and related expressions" (2005): while alive a
 * customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha); their lifetime is
 * exponential with rate mu ~ Gamma(s, beta).
 *
 * <p>The likelihood's A0 term, a difference of two 2F1 expressions, is computed in logs after the
 * Euler transformation, which turns {@code 2F1(r+s+x, b; r+s+x+1; z) / (max(alpha,beta)+y)^(r+s+x)}
 * into a positive series between 1 and 1/(1-z) times plain powers: no overflow for frequent
 * buyers, no cancellation inside the function.
 */
public record ParetoNbd(double r, double alpha, double s, double beta) implements TransactionModel {
  static final String[] NAMES = {"r", "alpha", "s", "beta"};

  public ParetoNbd {
    if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) {
      throw new IllegalArgumentException("Pareto/NBD parameters must be positive: r=" + r
          + ", alpha=" + alpha + ", s=" + s + ", beta=" + beta);
    }
  }

  /**
   * Maximum-likelihood fit from several starts, for callers that need Pareto/NBD's own parameters.
   *
   * @throws ModelFitException if it fails, or if it reaches the NBD limit (see {@link #fitOrLimit})
   */
  public static Fitted<ParetoNbd> fit(RfmTable data) {
    return withoutLimit(fitOrLimit(data));
  }

  /**
   * A {@link #fitOrLimit} result as Pareto/NBD's own fit.
   *
   * @throws ModelFitException if it reached the NBD limit
   */
  public static Fitted<ParetoNbd> withoutLimit(Fitted<? extends TransactionModel> fitted) {
    if (fitted.limit().isPresent()) {
      throw new ModelFitException(fitted.limit().get().warning() + "; Pareto/NBD has no"
          + " parameters of its own there");
    }
    return new Fitted<>((ParetoNbd) fitted.model(), fitted.logLikelihood(), fitted.summary());
  }

  /**
   * Maximum-likelihood fit from several starts: the Pareto/NBD, or its limit when the dropout
   * rate mu ~ Gamma(s, beta) vanishes (s -> 0 or beta -> infinity), the NBD, with
   * {@link Fitted#limit()} saying so.
   *
   * @throws ModelFitException if the data identify neither
   */
  public static Fitted<TransactionModel> fitOrLimit(RfmTable data) {
    double scale = data.meanAge() / Math.max(data.meanFrequency(), 0.1);
    List<double[]> starts = List.of(
        new double[] {1, 1, 1, 1},
        new double[] {1, scale, 1, scale},
        new double[] {0.5, scale, 0.5, scale},
        new double[] {2, 2 * scale, 0.3, 3 * scale});
    return Nbd.fitOrNoDropoutLimit("Pareto/NBD", data,
        refineAbove -> MaximumLikelihood.maximize("Pareto/NBD", NAMES,
            p -> logLikelihood(p[0], p[1], p[2], p[3], data), starts, refineAbove),
        p -> new ParetoNbd(p[0], p[1], p[2], p[3]), "s/beta -> 0");
  }

  /**
   * Log-likelihood of a whole table: the A0 side {@link #logF} once per distinct (x, time) point,
   * the logarithms once per distinct time, the Gamma function once per frequency.
   */
  static double logLikelihood(double r, double alpha, double s, double beta, RfmTable data) {
    ParetoNbd model = new ParetoNbd(r, alpha, s, beta);
    double[] times = data.times();
    double[] logAlphaPlus = new double[times.length];
    double[] logBetaPlus = new double[times.length];
    for (int k = 0; k < times.length; k++) {
      logAlphaPlus[k] = Math.log(alpha + times[k]);
      logBetaPlus[k] = Math.log(beta + times[k]);
    }
    double[] logF = new double[data.points()];
    for (int p = 0; p < logF.length; p++) {
      int k = data.pointTime(p);
      logF[p] = model.logF(data.pointFrequency(p), times[k], logAlphaPlus[k], logBetaPlus[k]);
    }
    int maxX = data.maxFrequency();
    double[] perX = new double[maxX + 1];
    double[] deathWeight = new double[maxX + 1];
    boolean[] seen = new boolean[maxX + 1];
    double common = -logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    double total = 0;
    for (int i = 0; i < data.rows(); i++) {
      int x = data.frequency(i);
      if (!seen[x]) {
        perX[x] = common + logGamma(r + x);
        deathWeight[x] = Math.log(s / (r + s + x));
        seen[x] = true;
      }
      int ageTime = data.ageTime(i);
      double alive = -(r + x) * logAlphaPlus[ageTime] - s * logBetaPlus[ageTime];
      double bracket = data.recency(i) >= data.age(i) ? alive : logBracket(alive, deathWeight[x],
          logF[data.recencyPoint(i)], logF[data.agePoint(i)]);
      total += data.weight(i) * (perX[x] + bracket);
    }
    return total;
  }

  @Override
  public Map<String, Double> params() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("r", r);
    params.put("alpha", alpha);
    params.put("s", s);
    params.put("beta", beta);
    return params;
  }

  @Override
  public double logLikelihood(int x, double tx, double age) {
    return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta)
        + logBracket(x, tx, age);
  }

  @Override
  public double logLikelihood(RfmTable data) {
    return logLikelihood(r, alpha, s, beta, data);
  }

  /** E[Y(t) | x, t_x, T] = E[Y(t) | alive at T, x, T] P(alive). */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    if (t <= 0) {
      return 0;
    }
    return expectedTransactionsIfAlive(t, x, age) * probabilityAlive(x, tx, age);
  }

  /**
   * E[Y(t) | alive at T, x, T] = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)],
   * with its limit at s = 1: what a caller that already has P(alive) multiplies by it, for any t.
   */
  public double expectedTransactionsIfAlive(double t, int x, double age) {
    if (t <= 0) {
      return 0;
    }
    return (r + x) * (beta + age) / (alpha + age)
        * oneMinusPowerOverExponent((beta + age) / (beta + age + t), s - 1);
  }

  @Override
  public double probabilityAlive(int x, double tx, double age) {
    return Math.exp(logAlive(x, age) - logBracket(x, tx, age));
  }

  /**
   * P(alive at T) E[lambda/(lambda+mu) (1 - e^(-(lambda+mu) t))]: alive at T, the customer buys
   * before dying and before T+t with that probability given the rates, whose posterior given
   * alive is lambda ~ Gamma(r+x, alpha+T) and mu ~ Gamma(s, beta+T), independent. Tilting both
   * by e^(-(lambda+mu) t) gives the same expectation at rates alpha+T+t and beta+T+t times
   * ((alpha+T)/(alpha+T+t))^(r+x) ((beta+T)/(beta+T+t))^s; see {@link #shareOfRate}.
   */
  @Override
  public double probabilityOfPurchase(double t, int x, double tx, double age) {
    if (t <= 0) {
      return 0;
    }
    double shape = r + x;
    double now = shareOfRate(shape, alpha + age, s, beta + age);
    double later = shareOfRate(shape, alpha + age + t, s, beta + age + t);
    double tilt = Math.exp(-shape * Math.log1p(t / (alpha + age)) - s * Math.log1p(t / (beta + age)));
    return probabilityAlive(x, tx, age) * Math.max(0, now - tilt * later);
  }

  /**
   * E[lambda/(lambda+mu)] for independent lambda ~ Gamma(a1, rate b1), mu ~ Gamma(a2, rate b2).
   * With lambda = G1/b1, mu = G2/b2 and B = G1/(G1+G2) ~ Beta(a1, a2), the ratio is
   * (b2/b1) B / (1 - z B) with z = 1 - b2/b1, whose mean is
   * (b2/b1) a1/(a1+a2) 2F1(1, a1+1; a1+a2+1; z); for b1 < b2 the complement
   * 1 - E[mu/(lambda+mu)] keeps the argument in [0, 1).
   */
  static double shareOfRate(double a1, double b1, double a2, double b2) {
    if (b1 >= b2) {
      return b2 / b1 * a1 / (a1 + a2) * Hypergeometric2F1.value(1, a1 + 1, a1 + a2 + 1, 1 - b2 / b1);
    }
    return 1 - b1 / b2 * a2 / (a1 + a2) * Hypergeometric2F1.value(1, a2 + 1, a1 + a2 + 1, 1 - b1 / b2);
  }

  /** E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)]. */
  @Override
  public double expectedTransactions(double t) {
    if (t <= 0) {
      return 0;
    }
    return r * beta / alpha * oneMinusPowerOverExponent(beta / (beta + t), s - 1);
  }

  /** ln of (alpha+T)^-(r+x) (beta+T)^-s: the customer is alive at T. */
  private double logAlive(int x, double age) {
    return -(r + x) * Math.log(alpha + age) - s * Math.log(beta + age);
  }

  /** ln[(alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) A0]: the likelihood without its constants. */
  private double logBracket(int x, double tx, double age) {
    double alive = logAlive(x, age);
    if (tx >= age) {
      return alive;
    }
    double logAlphaTx = Math.log(alpha + tx);
    double logBetaTx = Math.log(beta + tx);
    double logAlphaAge = Math.log(alpha + age);
    double logBetaAge = Math.log(beta + age);
    return logBracket(alive, Math.log(s / (r + s + x)), logF(x, tx, logAlphaTx, logBetaTx),
        logF(x, age, logAlphaAge, logBetaAge));
  }

  /**
   * The bracket from its parts: ln of e^alive + s/(r+s+x) A0, where A0 = F(t_x) - F(T) &gt; 0
   * for t_x &lt; T and {@code logDeathWeight} = ln(s/(r+s+x)).
   */
  private static double logBracket(double alive, double logDeathWeight, double logFRecency,
      double logFAge) {
    double logA0 = logFRecency + Math.log1p(-Math.exp(logFAge - logFRecency));
    return BgNbd.logAddExp(alive, logDeathWeight + logA0);
  }

  /**
   * ln of one side of A0 (see the class comment) at time y, given ln(alpha+y) and ln(beta+y):
   * {@code 2F1(1, r+x; r+s+x+1; z) / ((alpha+y)^(r+x) (beta+y)^s)} with z = (alpha-beta)/(alpha+y)
   * when alpha >= beta, else {@code 2F1(1, s+1; r+s+x+1; z) / ((alpha+y)^(r+x-1) (beta+y)^(s+1))}
   * with z = (beta-alpha)/(beta+y).
   */
  private double logF(int x, double y, double logAlphaY, double logBetaY) {
    double c = r + s + x + 1;
    if (alpha >= beta) {
      double z = (alpha - beta) / (alpha + y);
      return Hypergeometric2F1.logUntransformed(1, r + x, c, z) - (r + x) * logAlphaY
          - s * logBetaY;
    }
    double z = (beta - alpha) / (beta + y);
    return Hypergeometric2F1.logUntransformed(1, s + 1, c, z) - (r + x - 1) * logAlphaY
        - (s + 1) * logBetaY;
  }

  /** (1 - ratio^e) / e, and its limit -ln(ratio) at e = 0. */
  private static double oneMinusPowerOverExponent(double ratio, double exponent) {
    double logRatio = Math.log(ratio);
    if (Math.abs(exponent * logRatio) < 1e-12) {
      return -logRatio;
    }
    return -Math.expm1(exponent * logRatio) / exponent;
  }
}
