package io.ltvstream.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie and Lee 2005, "RFM and CLV";
 * Fader and Hardie's note "The Gamma-Gamma model of monetary value", 2013): a customer's
 * transaction values are Gamma(p, nu) with nu ~ Gamma(q, gamma) across customers, independent of
 * how often they buy. It is fitted on the customers with at least one repeat transaction, from
 * their number of repeat transactions x and the mean value m_x of those.
 */
public record GammaGamma(double p, double q, double gamma) {
  static final String[] NAMES = {"p", "q", "gamma"};

  public GammaGamma {
    if (!(p > 0 && q > 0 && gamma > 0)) {
      throw new IllegalArgumentException("Gamma-Gamma parameters must be positive: p=" + p
          + ", q=" + q + ", gamma=" + gamma);
    }
  }

  /**
   * Fits on the customers with x &gt; 0 and a positive mean value; the others carry no
   * information about spend per transaction.
   *
   * @param frequency x per customer
   * @param meanValue m_x per customer
   */
  public static Fitted<GammaGamma> fit(int[] frequency, double[] meanValue) {
    int n = 0;
    int[] xs = new int[frequency.length];
    double[] ms = new double[frequency.length];
    for (int i = 0; i < frequency.length; i++) {
      if (frequency[i] > 0 && meanValue[i] > 0) {
        xs[n] = frequency[i];
        ms[n] = meanValue[i];
        n++;
      }
    }
    if (n < 3) {
      throw new ModelFitException("Gamma-Gamma fit needs at least 3 customers with a repeat"
          + " purchase of positive value; got " + n);
    }
    int[] x = Arrays.copyOf(xs, n);
    double[] m = Arrays.copyOf(ms, n);
    double mean = 0;
    for (double v : m) {
      mean += v;
    }
    mean /= n;
    List<double[]> starts = List.of(
        new double[] {1, 1, 1},
        new double[] {2, 3, mean},
        new double[] {5, 5, 2 * mean},
        new double[] {0.5, 2, mean / 2});
    Data data = new Data(x, m);
    MaximumLikelihood.Fit fit = MaximumLikelihood.maximize("Gamma-Gamma", NAMES,
        params -> data.logLikelihood(params[0], params[1], params[2]), starts,
        Double.NEGATIVE_INFINITY).identified();
    double[] params = fit.params();
    return new Fitted<>(new GammaGamma(params[0], params[1], params[2]), fit.logLikelihood(),
        fit.summary() + "; " + n + " repeat customers");
  }

  /** Log-likelihood of customers with x repeat transactions of mean value m (x &gt; 0, m &gt; 0). */
  static double logLikelihood(double p, double q, double gamma, int[] x, double[] m) {
    return new Data(x, m).logLikelihood(p, q, gamma);
  }

  /** The fitting data with what does not depend on the parameters computed once. */
  private static final class Data {
    final int[] x;
    final double[] m;
    final double[] logM;
    final double[] logX;
    final int maxX;

    Data(int[] x, double[] m) {
      this.x = x;
      this.m = m;
      this.logM = new double[x.length];
      this.logX = new double[x.length];
      int max = 0;
      for (int i = 0; i < x.length; i++) {
        logM[i] = Math.log(m[i]);
        logX[i] = Math.log(x[i]);
        max = Math.max(max, x[i]);
      }
      this.maxX = max;
    }

    double logLikelihood(double p, double q, double gamma) {
      double common = -logGamma(q) + q * Math.log(gamma);
      double[] perX = new double[maxX + 1];
      boolean[] seen = new boolean[maxX + 1];
      double total = 0;
      for (int i = 0; i < x.length; i++) {
        int xi = x[i];
        double px = p * xi;
        if (!seen[xi]) {
          perX[xi] = common + logGamma(px + q) - logGamma(px);
          seen[xi] = true;
        }
        total += perX[xi] + (px - 1) * logM[i] + px * logX[i]
            - (px + q) * Math.log(gamma + xi * m[i]);
      }
      return total;
    }
  }

  public Map<String, Double> params() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("p", p);
    params.put("q", q);
    params.put("gamma", gamma);
    return params;
  }

  /** Population mean spend per transaction, p gamma / (q - 1); infinite when q &lt;= 1. */
  public double meanTransactionValue() {
    return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
  }

  /**
   * E[M | x, m_x] = p (gamma + x m_x) / (p x + q - 1): the customer's expected spend per
   * transaction, a weighted mean of the population mean and their own mean. For x = 0 it is the
   * population mean.
   */
  public double conditionalExpectedTransactionValue(int x, double meanValue) {
    if (x == 0) {
      return meanTransactionValue();
    }
    return p * (gamma + x * meanValue) / (p * x + q - 1);
  }
}
