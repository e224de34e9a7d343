package io.ltvstream.core.clv;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Standard errors of maximum-likelihood parameters from the observed information: the inverse of
 * minus the log-likelihood's Hessian at the optimum. The Hessian is taken by central differences
 * in log-parameter space, where the fits work and every parameter has the same scale; at the
 * optimum the gradient vanishes, so se(theta) = theta se(ln theta) (the delta method) without a
 * second-order term. A Hessian that is not negative definite (a flat direction: the data do not
 * identify a parameter) gives NaN for every parameter, shown as null.
 */
public final class ObservedInformation {
  /** Step in ln(parameter): truncation error ~1e-6, rounding ~1e-16 |LL| / STEP^2. */
  private static final double STEP = 1e-3;

  private ObservedInformation() {}

  /** Standard errors of a fitted transaction model's parameters, by {@code params()} name. */
  public static Map<String, Double> standardErrors(TransactionModel model, RfmTable data) {
    Function<double[], TransactionModel> rebuild = switch (model) {
      case BgNbd m -> p -> new BgNbd(p[0], p[1], p[2], p[3]);
      case ParetoNbd m -> p -> new ParetoNbd(p[0], p[1], p[2], p[3]);
      case MbgNbd m -> p -> new MbgNbd(p[0], p[1], p[2], p[3]);
      case Nbd m -> p -> new Nbd(p[0], p[1]);
      case OneTimeBuyersNbd m -> p -> new OneTimeBuyersNbd(p[0], p[1], p[2]);
      case BgBb m -> p -> new BgBb(p[0], p[1], p[2], p[3]);
      case BetaBinomial m -> p -> new BetaBinomial(p[0], p[1]);
      default -> throw new IllegalArgumentException("no parameter layout for " + model);
    };
    return named(model.params(), standardErrors(p -> rebuild.apply(p).logLikelihood(data),
        values(model.params())));
  }

  /**
   * Standard errors of Gamma-Gamma's p, q, gamma on the customers it was fit on: those with a
   * repeat purchase of positive mean value (x, m_x).
   */
  public static Map<String, Double> standardErrors(GammaGamma model, int[] frequency,
      double[] meanValue) {
    int[] repeatBuyers = IntStream.range(0, frequency.length)
        .filter(i -> frequency[i] > 0 && meanValue[i] > 0).toArray();
    int[] x = Arrays.stream(repeatBuyers).map(i -> frequency[i]).toArray();
    double[] m = Arrays.stream(repeatBuyers).mapToDouble(i -> meanValue[i]).toArray();
    return named(model.params(), standardErrors(
        p -> GammaGamma.logLikelihood(p[0], p[1], p[2], x, m), values(model.params())));
  }

  /** sqrt(diag(-H^-1)) of {@code logLikelihood} at {@code optimum} (all parameters positive). */
  static double[] standardErrors(ToDoubleFunction<double[]> logLikelihood, double[] optimum) {
    int n = optimum.length;
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = Math.log(optimum[i]);
    }
    ToDoubleFunction<double[]> f = logs -> {
      double[] p = new double[n];
      for (int i = 0; i < n; i++) {
        p[i] = Math.exp(logs[i]);
      }
      return logLikelihood.applyAsDouble(p);
    };
    double center = f.applyAsDouble(u);
    double[][] negativeHessian = new double[n][n];
    for (int i = 0; i < n; i++) {
      double plus = f.applyAsDouble(shifted(u, i, STEP, i, 0));
      double minus = f.applyAsDouble(shifted(u, i, -STEP, i, 0));
      negativeHessian[i][i] = -(plus - 2 * center + minus) / (STEP * STEP);
      for (int j = 0; j < i; j++) {
        double pp = f.applyAsDouble(shifted(u, i, STEP, j, STEP));
        double pm = f.applyAsDouble(shifted(u, i, STEP, j, -STEP));
        double mp = f.applyAsDouble(shifted(u, i, -STEP, j, STEP));
        double mm = f.applyAsDouble(shifted(u, i, -STEP, j, -STEP));
        negativeHessian[i][j] = -(pp - pm - mp + mm) / (4 * STEP * STEP);
        negativeHessian[j][i] = negativeHessian[i][j];
      }
    }
    double[] se = new double[n];
    try {
      RealMatrix covariance = new CholeskyDecomposition(new Array2DRowRealMatrix(negativeHessian),
          1e-12, 1e-14).getSolver().getInverse();
      for (int i = 0; i < n; i++) {
        se[i] = optimum[i] * Math.sqrt(covariance.getEntry(i, i));
      }
    } catch (NonPositiveDefiniteMatrixException e) {
      Arrays.fill(se, Double.NaN);
    }
    return se;
  }

  private static double[] shifted(double[] u, int i, double di, int j, double dj) {
    double[] v = u.clone();
    v[i] += di;
    v[j] += dj;
    return v;
  }

  private static double[] values(Map<String, Double> params) {
    return params.values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static Map<String, Double> named(Map<String, Double> params, double[] se) {
    Map<String, Double> out = new LinkedHashMap<>();
    List<String> names = List.copyOf(params.keySet());
    for (int i = 0; i < se.length; i++) {
      out.put(names.get(i), se[i]);
    }
    return out;
  }
}
