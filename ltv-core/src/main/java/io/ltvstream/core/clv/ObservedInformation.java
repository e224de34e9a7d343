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
    return covariance(model, data).standardErrors();
  }

  /**
   * Standard errors of Gamma-Gamma's p, q, gamma on the customers it was fit on: those with a
   * repeat purchase of positive mean value (x, m_x).
   */
  public static Map<String, Double> standardErrors(GammaGamma model, int[] frequency,
      double[] meanValue) {
    return covariance(model, frequency, meanValue).standardErrors();
  }

  /** The covariance of a fitted transaction model's parameters, for standard errors of its predictions. */
  public static Covariance<TransactionModel> covariance(TransactionModel model, RfmTable data) {
    Function<double[], TransactionModel> rebuild = switch (model) {
      case BgNbd m -> p -> new BgNbd(p[0], p[1], p[2], p[3]);
      case ParetoNbd m -> p -> new ParetoNbd(p[0], p[1], p[2], p[3]);
      case MbgNbd m -> p -> new MbgNbd(p[0], p[1], p[2], p[3]);
      case Nbd m -> p -> new Nbd(p[0], p[1]);
      case OneTimeBuyersNbd m -> p -> new OneTimeBuyersNbd(p[0], p[1], p[2]);
      case BgBb m -> p -> new BgBb(p[0], p[1], p[2], p[3]);
      case BetaBinomial m -> p -> new BetaBinomial(p[0], p[1]);
      case OneTimeBuyersBetaBinomial m -> p -> new OneTimeBuyersBetaBinomial(p[0], p[1], p[2]);
      default -> throw new IllegalArgumentException("no parameter layout for " + model);
    };
    return new Covariance<>(model.params(), rebuild,
        p -> rebuild.apply(p).logLikelihood(data));
  }

  /** The covariance of Gamma-Gamma's p, q, gamma (see {@link #standardErrors(GammaGamma, int[], double[])}). */
  public static Covariance<GammaGamma> covariance(GammaGamma model, int[] frequency,
      double[] meanValue) {
    int[] repeatBuyers = IntStream.range(0, frequency.length)
        .filter(i -> frequency[i] > 0 && meanValue[i] > 0).toArray();
    int[] x = Arrays.stream(repeatBuyers).map(i -> frequency[i]).toArray();
    double[] m = Arrays.stream(repeatBuyers).mapToDouble(i -> meanValue[i]).toArray();
    return new Covariance<>(model.params(), p -> new GammaGamma(p[0], p[1], p[2]),
        p -> GammaGamma.logLikelihood(p[0], p[1], p[2], x, m));
  }

  /**
   * The inverse of minus the Hessian of a model's log-likelihood at its optimum, in
   * log-parameter space; null entries (NaN standard errors) when that Hessian is not negative
   * definite.
   *
   * @param <M> the model, rebuilt at shifted parameters for {@link #standardError}
   */
  public static final class Covariance<M> {
    private final Map<String, Double> params;
    private final Function<double[], M> rebuild;
    private final M model;
    private final double[] optimum;
    /** In ln(parameter); null when the Hessian is not negative definite. */
    private final RealMatrix logCovariance;

    private Covariance(Map<String, Double> params, Function<double[], M> rebuild,
        ToDoubleFunction<double[]> logLikelihood) {
      this.params = params;
      this.rebuild = rebuild;
      this.optimum = values(params);
      this.model = rebuild.apply(optimum);
      this.logCovariance = logCovariance(logLikelihood, optimum);
    }

    /** The model at the optimum. */
    public M model() {
      return model;
    }

    /** sqrt(diag), by parameter name: se(theta) = theta se(ln theta); NaN when undefined. */
    public Map<String, Double> standardErrors() {
      double[] se = new double[optimum.length];
      for (int i = 0; i < se.length; i++) {
        se[i] = logCovariance == null ? Double.NaN
            : optimum[i] * Math.sqrt(logCovariance.getEntry(i, i));
      }
      return named(params, se);
    }

    /**
     * The delta method: the standard error of {@code prediction} of the model, sqrt(g' C g) with
     * g its gradient in log-parameter space (central differences) and C this covariance. NaN
     * when the covariance is undefined.
     */
    public double standardError(ToDoubleFunction<M> prediction) {
      if (logCovariance == null) {
        return Double.NaN;
      }
      int n = optimum.length;
      double[] gradient = new double[n];
      for (int i = 0; i < n; i++) {
        double[] plus = optimum.clone();
        double[] minus = optimum.clone();
        plus[i] *= Math.exp(PREDICTION_STEP);
        minus[i] *= Math.exp(-PREDICTION_STEP);
        gradient[i] = (prediction.applyAsDouble(rebuild.apply(plus))
            - prediction.applyAsDouble(rebuild.apply(minus))) / (2 * PREDICTION_STEP);
      }
      double variance = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          variance += gradient[i] * logCovariance.getEntry(i, j) * gradient[j];
        }
      }
      return Math.sqrt(Math.max(0, variance));
    }
  }

  /** Step in ln(parameter) of a prediction's gradient: truncation error ~1e-8 relative. */
  private static final double PREDICTION_STEP = 1e-4;

  /** sqrt(diag(-H^-1)) of {@code logLikelihood} at {@code optimum} (all parameters positive). */
  static double[] standardErrors(ToDoubleFunction<double[]> logLikelihood, double[] optimum) {
    RealMatrix covariance = logCovariance(logLikelihood, optimum);
    double[] se = new double[optimum.length];
    for (int i = 0; i < se.length; i++) {
      se[i] = covariance == null ? Double.NaN
          : optimum[i] * Math.sqrt(covariance.getEntry(i, i));
    }
    return se;
  }

  /** -H^-1 in log-parameter space, or null when -H is not positive definite. */
  private static RealMatrix logCovariance(ToDoubleFunction<double[]> logLikelihood,
      double[] optimum) {
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
    try {
      return new CholeskyDecomposition(new Array2DRowRealMatrix(negativeHessian), 1e-12, 1e-14)
          .getSolver().getInverse();
    } catch (NonPositiveDefiniteMatrixException e) {
      return null;
    }
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
