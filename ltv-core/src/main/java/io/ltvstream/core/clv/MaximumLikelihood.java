package io.ltvstream.core.clv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum likelihood over positive parameters, searched in log-parameter space so that every
 * step stays positive and the scales of the parameters do not matter.
 *
 * <p>Several starts are explored (BOBYQA to a trust radius of 0.001 in log space); the best is
 * then refined tightly with BOBYQA and checked with Nelder-Mead, which must not find a better
 * point, unless it is on the edge of the search box or no better than the caller's simpler model.
 * The summary says how many starts led to the optimum (within 5% in every parameter). A fit
 * fails, with a message that lists every start and what became of it, when no start gives a
 * finite likelihood or when the refinement does not finish. It is returned but not identified
 * ({@link Fit#identified()} throws) when a parameter runs to the edge of the search box (the
 * likelihood keeps rising) or when the likelihood is flat in a parameter at the optimum (no
 * curvature: the data do not identify it): a model may know a simpler model that is its limit
 * there.
 */
final class MaximumLikelihood {
  /** Search box in log space: parameters between e^-18 (1.5e-8) and e^18 (6.6e7). */
  static final double LOG_BOUND = 18;
  private static final double EDGE = 0.5;
  private static final double PENALTY = 1e100;
  /**
   * Least curvature of -LL per log-parameter at a maximum: below it the likelihood is flat in
   * that parameter (the Fisher information is singular) and its value is arbitrary.
   */
  private static final double MIN_CURVATURE = 1e-6;
  private static final int EXPLORE_EVALUATIONS = 2_000;
  /**
   * Distance in log space (about 5% in every parameter) within which an explored start counts
   * as having led to the optimum.
   */
  private static final double AGREEMENT = 0.05;
  private static final int REFINE_EVALUATIONS = 10_000;

  /**
   * The best point found.
   *
   * @param unidentified the failure saying why the data do not identify the model at that point
   *     (a parameter at the edge of the search box, or a flat likelihood), or null when they do
   */
  record Fit(double[] params, double logLikelihood, String summary,
      ModelFitException unidentified) {
    boolean isIdentified() {
      return unidentified == null;
    }

    /** This fit, or the failure saying why the data do not identify the model. */
    Fit identified() {
      if (!isIdentified()) {
        throw unidentified;
      }
      return this;
    }
  }

  private MaximumLikelihood() {}

  /**
   * @param model the model's name, for messages
   * @param names parameter names, for messages
   * @param logLikelihood of the parameters in natural (positive) space
   * @param starts starting points in natural space
   * @param refineAbove the best start is refined only if its log-likelihood exceeds this: below,
   *     the caller has a simpler model that does as well (a limit of this one), and refining on
   *     the flat likelihood towards that limit would take thousands of evaluations
   */
  static Fit maximize(String model, String[] names, ToDoubleFunction<double[]> logLikelihood,
      List<double[]> starts, double refineAbove) {
    int[] evaluations = {0};
    ObjectiveFunction objective = new ObjectiveFunction(theta -> {
      evaluations[0]++;
      double[] params = new double[theta.length];
      for (int i = 0; i < theta.length; i++) {
        params[i] = Math.exp(theta[i]);
      }
      double ll = logLikelihood.applyAsDouble(params);
      return Double.isFinite(ll) ? -ll : PENALTY;
    });
    int n = names.length;
    double[] lower = new double[n];
    double[] upper = new double[n];
    java.util.Arrays.fill(lower, -LOG_BOUND);
    java.util.Arrays.fill(upper, LOG_BOUND);
    SimpleBounds bounds = new SimpleBounds(lower, upper);

    List<String> tried = new ArrayList<>();
    PointValuePair best = null;
    List<double[]> reached = new ArrayList<>();
    for (double[] start : starts) {
      double[] theta0 = new double[n];
      for (int i = 0; i < n; i++) {
        theta0[i] = Math.log(start[i]);
      }
      String label = "start " + describe(names, start);
      try {
        PointValuePair found = new BOBYQAOptimizer(2 * n + 1, 1.0, 1e-3).optimize(
            objective, GoalType.MINIMIZE, new InitialGuess(theta0), bounds,
            new MaxEval(EXPLORE_EVALUATIONS));
        if (found.getValue() >= PENALTY) {
          tried.add(label + ": no finite likelihood found");
          continue;
        }
        reached.add(found.getPoint());
        tried.add(label + ": LL " + format(-found.getValue()));
        if (best == null || found.getValue() < best.getValue()) {
          best = found;
        }
      } catch (TooManyEvaluationsException e) {
        tried.add(label + ": not settled after " + EXPLORE_EVALUATIONS + " evaluations");
      } catch (MathIllegalStateException | ArithmeticException e) {
        tried.add(label + ": failed (" + e.getMessage() + ")");
      }
    }
    if (best == null) {
      throw failure(model, "no start reached a finite likelihood", tried);
    }

    int explored = evaluations[0];
    // Not refined: a best start on the edge of the box, where the likelihood keeps rising (refining
    // would only walk along the edge), or one no better than refineAbove; on such flat
    // likelihoods refining takes thousands of evaluations and changes nothing the caller reports.
    PointValuePair refined = onEdge(best.getPoint()) || -best.getValue() <= refineAbove ? best
        : refine(model, objective, bounds, best.getPoint(), tried);

    double[] params = new double[n];
    double[] theta = refined.getPoint();
    for (int i = 0; i < n; i++) {
      params[i] = Math.exp(theta[i]);
    }
    double ll = -refined.getValue();
    long agreeing = reached.stream().filter(point -> near(point, theta)).count();
    String summary = String.format(Locale.ROOT,
        "%s: LL %s at %s; %d of %d starts led there; %d likelihood evaluations"
            + " (%d exploring, %d refining)",
        model, format(ll), describe(names, params), agreeing, starts.size(), evaluations[0],
        explored, evaluations[0] - explored);
    String unidentified = unidentified(objective, names, params, theta);
    return new Fit(params, ll, summary,
        unidentified == null ? null : failure(model, unidentified, tried));
  }

  /** BOBYQA tightly from the best start, checked by Nelder-Mead. */
  private static PointValuePair refine(String model, ObjectiveFunction objective,
      SimpleBounds bounds, double[] start, List<String> tried) {
    int n = start.length;
    try {
      PointValuePair refined = new BOBYQAOptimizer(2 * n + 1, 0.1, 1e-10).optimize(
          objective, GoalType.MINIMIZE, new InitialGuess(start), bounds,
          new MaxEval(REFINE_EVALUATIONS));
      PointValuePair checked = new SimplexOptimizer(1e-14, 1e-12).optimize(
          objective, GoalType.MINIMIZE, new InitialGuess(refined.getPoint()),
          new NelderMeadSimplex(n, 0.01), new MaxEval(REFINE_EVALUATIONS));
      return checked.getValue() < refined.getValue() ? checked : refined;
    } catch (TooManyEvaluationsException e) {
      throw failure(model, "the refinement of the best start did not settle in "
          + REFINE_EVALUATIONS + " evaluations", tried);
    } catch (MathIllegalStateException | ArithmeticException e) {
      throw failure(model, "the refinement failed: " + e.getMessage(), tried);
    }
  }

  private static boolean onEdge(double[] theta) {
    for (double t : theta) {
      if (onEdge(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean onEdge(double theta) {
    return Math.abs(theta) > LOG_BOUND - EDGE;
  }

  /** Why the data do not identify the model at the optimum, or null when they do. */
  private static String unidentified(ObjectiveFunction objective, String[] names,
      double[] params, double[] theta) {
    for (int i = 0; i < theta.length; i++) {
      if (onEdge(theta[i])) {
        return "parameter " + names[i] + " ran to " + format(params[i])
            + ", the edge of the search box: the likelihood keeps rising, the data do not"
            + " identify the model";
      }
    }
    for (int i = 0; i < theta.length; i++) {
      double curvature = curvature(objective, theta, i);
      if (!(curvature > MIN_CURVATURE)) {
        return "the likelihood does not fall away from the optimum in " + names[i]
            + " (curvature " + format(curvature) + " in log space at "
            + describe(names, params) + "): the data do not identify the model";
      }
    }
    return null;
  }

  private static boolean near(double[] point, double[] optimum) {
    for (int i = 0; i < point.length; i++) {
      if (Math.abs(point[i] - optimum[i]) > AGREEMENT) {
        return false;
      }
    }
    return true;
  }

  /** Second difference of the objective (-LL) along parameter i, in log space. */
  private static double curvature(ObjectiveFunction objective, double[] theta, int i) {
    double h = 1e-3;
    double[] plus = theta.clone();
    double[] minus = theta.clone();
    plus[i] += h;
    minus[i] -= h;
    var f = objective.getObjectiveFunction();
    return (f.value(plus) + f.value(minus) - 2 * f.value(theta)) / (h * h);
  }

  private static ModelFitException failure(String model, String reason, List<String> tried) {
    return new ModelFitException(model + " fit did not converge: " + reason
        + ". Tried (BOBYQA in log-parameter space, then Nelder-Mead): " + String.join("; ", tried));
  }

  private static String describe(String[] names, double[] values) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < names.length; i++) {
      s.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(format(values[i]));
    }
    return s.append(')').toString();
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }
}
