package io.ltvstream.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The BG/BB model (Fader, Hardie and Shang 2010, "Customer-base analysis in a discrete-time
 * noncontractual setting") for discrete transaction opportunities (days, weeks, yearly
 * campaigns): while alive a customer buys at each opportunity with probability p ~ Beta(alpha,
 * beta); before each opportunity a living customer drops out with probability theta ~ Beta(gamma,
 * delta).
 *
 * <p>Time is counted in opportunities after the first purchase: x repeat transactions in n
 * opportunities, the last at opportunity t_x (0 when x = 0). The {@link TransactionModel}
 * arguments take them as doubles: t_x and T are rounded to whole opportunities, and so is the
 * horizon t.
 */
public record BgBb(double alpha, double beta, double gamma, double delta)
    implements TransactionModel {
  static final String[] NAMES = {"alpha", "beta", "gamma", "delta"};

  public BgBb {
    if (!(alpha > 0 && beta > 0 && gamma > 0 && delta > 0)) {
      throw new IllegalArgumentException("BG/BB parameters must be positive: alpha=" + alpha
          + ", beta=" + beta + ", gamma=" + gamma + ", delta=" + delta);
    }
  }

  /**
   * Maximum-likelihood fit from several starts: the BG/BB, or one of its limits, with
   * {@link Fitted#limit()} saying so: the beta-binomial ({@link BetaBinomial}) when the dropout
   * probability theta ~ Beta(gamma, delta) vanishes (gamma -> 0 or delta -> infinity), or the
   * beta-binomial with one-time buyers ({@link OneTimeBuyersBetaBinomial}) when it becomes a
   * two-point distribution (gamma, delta -> 0), as on wholesale buyers.
   *
   * @param data x, t_x and n in opportunities (whole numbers)
   * @throws ModelFitException if the data identify neither
   */
  public static Fitted<TransactionModel> fitOrLimit(RfmTable data) {
    double rate = Math.min(0.5, Math.max(data.meanFrequency(), 0.1) / Math.max(data.meanAge(), 1));
    double odds = (1 - rate) / rate;
    List<double[]> starts = List.of(
        new double[] {1, 1, 1, 1},
        new double[] {1, odds, 1, 1},
        new double[] {0.5, odds / 2, 0.5, 10},
        new double[] {2, 2 * odds, 0.3, 30});
    return Nbd.fitOrLimit("BG/BB", data,
        refineAbove -> MaximumLikelihood.maximize("BG/BB", NAMES,
            p -> logLikelihood(p[0], p[1], p[2], p[3], data), starts, refineAbove),
        p -> new BgBb(p[0], p[1], p[2], p[3]), List.of(NO_DROPOUT, TWO_POINT_DROPOUT));
  }

  private static final Nbd.Boundary TWO_POINT_DROPOUT = new Nbd.Boundary("two-point dropout",
      "beta-binomial with one-time buyers", "gamma, delta -> 0", OneTimeBuyersBetaBinomial::fit,
      limit -> String.format(Locale.ROOT, "a share pi=%.6g of the customers are one-time buyers,"
              + " gone before their first opportunity, and the others never drop out: P(alive) is"
              + " 1 after a repeat purchase and expected transactions are P(alive)"
              + " (alpha+x)/(alpha+beta+n) t, with alpha=%.6g, beta=%.6g",
          limit.params().get("pi"), limit.params().get("alpha"), limit.params().get("beta")));

  private static final Nbd.Boundary NO_DROPOUT = new Nbd.Boundary("no-dropout", "beta-binomial",
      "gamma/(gamma+delta) -> 0", BetaBinomial::fit, limit -> String.format(Locale.ROOT,
          "nobody is predicted to drop out (P(alive) = 1) and expected transactions are the"
              + " beta-binomial's, (alpha+x)/(alpha+beta+n) t, with alpha=%.6g, beta=%.6g",
          limit.params().get("alpha"), limit.params().get("beta")));

  /**
   * Log-likelihood of a whole table: L = B(alpha+x, beta+n-x)/B(alpha, beta) B(gamma, delta+n)
   * /B(gamma, delta) + sum_{i=0}^{n-t_x-1} B(alpha+x, beta+t_x-x+i)/B(alpha, beta)
   * B(gamma+1, delta+t_x+i)/B(gamma, delta): alive through n, or dropped out before opportunity
   * t_x+i+1. The sum's terms fall as i grows, each the previous times two ratios; rows with the
   * same (x, t_x) share its first terms (the table's rows come sorted by x, t_x, n), so each
   * (x, t_x) costs at most max n - t_x multiplications. The Gamma functions come from tables
   * indexed by whole opportunities, computed once per call.
   */
  static double logLikelihood(double alpha, double beta, double gamma, double delta,
      RfmTable data) {
    int maxN = 0;
    for (int i = 0; i < data.rows(); i++) {
      maxN = Math.max(maxN, (int) Math.round(data.age(i)));
    }
    double[] lgAlpha = logGammas(alpha, maxN + 2);
    double[] lgBeta = logGammas(beta, maxN + 2);
    double[] lgAlphaBeta = logGammas(alpha + beta, maxN + 2);
    double[] lgDelta = logGammas(delta, maxN + 2);
    double[] lgGammaDelta = logGammas(gamma + delta, maxN + 2);
    double lgGamma = logGamma(gamma);
    double lgGamma1 = logGamma(gamma + 1);
    double common = -logBeta(alpha, beta) - logBeta(gamma, delta);
    double total = 0;
    int lastX = -1;
    int lastTx = -1;
    int summedTo = 0; // terms i < summedTo - t_x are in sum
    double sum = 0;
    double term = 0;
    for (int row = 0; row < data.rows(); row++) {
      int x = data.frequency(row);
      int tx = (int) Math.round(data.recency(row));
      int n = (int) Math.round(data.age(row));
      double alive = lgAlpha[x] + lgBeta[n - x] - lgAlphaBeta[n] + lgGamma + lgDelta[n]
          - lgGammaDelta[n];
      double bracket = alive;
      if (n > tx) {
        if (x != lastX || tx != lastTx || n < summedTo) {
          lastX = x;
          lastTx = tx;
          summedTo = tx + 1;
          term = 1;
          sum = 1;
        }
        for (; summedTo < n; summedTo++) {
          int i = summedTo - tx - 1;
          term *= (beta + tx - x + i) / (alpha + beta + tx + i)
              * (delta + tx + i) / (gamma + delta + tx + i + 1);
          sum += term;
        }
        double first = lgAlpha[x] + lgBeta[tx - x] - lgAlphaBeta[tx] + lgGamma1 + lgDelta[tx]
            - lgGammaDelta[tx + 1];
        bracket = BgNbd.logAddExp(alive, first + Math.log(sum));
      }
      total += data.weight(row) * (common + bracket);
    }
    return total;
  }

  /** ln Gamma(a + k) for k = 0 .. size-1. */
  private static double[] logGammas(double a, int size) {
    double[] values = new double[size];
    for (int k = 0; k < size; k++) {
      values[k] = logGamma(a + k);
    }
    return values;
  }

  /** ln of L B(alpha, beta) B(gamma, delta): the likelihood without its constants. */
  private static double logBracket(double alpha, double beta, double gamma, double delta, int x,
      int tx, int n) {
    double alive = logBeta(alpha + x, beta + n - x) + logBeta(gamma, delta + n);
    if (n <= tx) {
      return alive;
    }
    double first = logBeta(alpha + x, beta + tx - x) + logBeta(gamma + 1, delta + tx);
    double sum = 1;
    double term = 1;
    for (int i = 0; i < n - tx - 1; i++) {
      term *= (beta + tx - x + i) / (alpha + beta + tx + i)
          * (delta + tx + i) / (gamma + delta + tx + i + 1);
      sum += term;
    }
    return BgNbd.logAddExp(alive, first + Math.log(sum));
  }

  static double logBeta(double a, double b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
  }

  @Override
  public Map<String, Double> params() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("alpha", alpha);
    params.put("beta", beta);
    params.put("gamma", gamma);
    params.put("delta", delta);
    return params;
  }

  @Override
  public double logLikelihood(int x, double tx, double age) {
    return -logBeta(alpha, beta) - logBeta(gamma, delta)
        + logBracket(alpha, beta, gamma, delta, x, (int) Math.round(tx), (int) Math.round(age));
  }

  @Override
  public double logLikelihood(RfmTable data) {
    return logLikelihood(alpha, beta, gamma, delta, data);
  }

  /** P(alive through opportunity n | x, t_x, n): the first term of the likelihood over all of it. */
  private double aliveThrough(int x, int tx, int n) {
    return Math.exp(logBeta(alpha + x, beta + n - x) + logBeta(gamma, delta + n)
        - logBracket(alpha, beta, gamma, delta, x, tx, n));
  }

  /**
   * E[X(n, n+t) | x, t_x, n] = P(alive through n) E[p] sum_{k=1}^{t} E[(1-theta)^k], over the
   * posterior given alive through n: p ~ Beta(alpha+x, beta+n-x), theta ~ Beta(gamma, delta+n),
   * independent, and E[(1-theta)^k] = prod_{j<k} (delta+n+j)/(gamma+delta+n+j).
   */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    int horizon = (int) Math.round(t);
    if (horizon <= 0) {
      return 0;
    }
    int n = (int) Math.round(age);
    return aliveThrough(x, (int) Math.round(tx), n) * (alpha + x) / (alpha + beta + n)
        * survivalSum(delta + n, horizon);
  }

  /**
   * sum_{k=1}^{t} B(gamma, d+k)/B(gamma, d): the expected opportunities survived out of t. The
   * sum telescopes, Gamma(d+k)/Gamma(gamma+d+k) being the difference of Gamma(d+k)/Gamma(gamma+d+k-1)
   * and Gamma(d+k+1)/Gamma(gamma+d+k) over 1 - gamma, into
   * Gamma(gamma+d)/Gamma(d) [Gamma(d+1)/Gamma(gamma+d) - Gamma(d+t+1)/Gamma(gamma+d+t)]/(gamma-1)
   * (Fader, Hardie and Shang's closed form); near gamma = 1, where that cancels, the terms are
   * summed.
   */
  private double survivalSum(double d, int t) {
    if (Math.abs(gamma - 1) > 1e-3) {
      double scale = logGamma(gamma + d) - logGamma(d);
      double now = Math.exp(scale + logGamma(d + 1) - logGamma(gamma + d));
      double later = Math.exp(scale + logGamma(d + t + 1) - logGamma(gamma + d + t));
      return (now - later) / (gamma - 1);
    }
    double survival = 1;
    double sum = 0;
    for (int k = 0; k < t; k++) {
      survival *= (d + k) / (gamma + d + k);
      sum += survival;
    }
    return sum;
  }

  /**
   * P(alive at opportunity n+1 | x, t_x, n), the paper's P(alive in the next period): alive
   * through n, times (delta+n)/(gamma+delta+n).
   */
  @Override
  public double probabilityAlive(int x, double tx, double age) {
    int n = (int) Math.round(age);
    return aliveThrough(x, (int) Math.round(tx), n) * (delta + n) / (gamma + delta + n);
  }

  /**
   * P(alive through n) sum_{k=0}^{t-1} E[p (1-p)^k] E[(1-theta)^(k+1)]: the first purchase after
   * n at opportunity n+k+1, k opportunities survived without one before it.
   */
  @Override
  public double probabilityOfPurchase(double t, int x, double tx, double age) {
    int horizon = (int) Math.round(t);
    if (horizon <= 0) {
      return 0;
    }
    int n = (int) Math.round(age);
    double a = alpha + x;
    double b = beta + n - x;
    double d = delta + n;
    double buyAfterMisses = a / (a + b);
    double survival = d / (gamma + d);
    double sum = 0;
    for (int k = 0; k < horizon; k++) {
      sum += buyAfterMisses * survival;
      buyAfterMisses *= (b + k) / (a + b + k + 1);
      survival *= (d + k + 1) / (gamma + d + k + 1);
    }
    return aliveThrough(x, (int) Math.round(tx), n) * Math.min(1, sum);
  }

  /** E[X(n)] = alpha/(alpha+beta) sum_{k=1}^{n} B(gamma, delta+k)/B(gamma, delta). */
  @Override
  public double expectedTransactions(double t) {
    int n = (int) Math.round(t);
    return n <= 0 ? 0 : alpha / (alpha + beta) * survivalSum(delta, n);
  }
}
