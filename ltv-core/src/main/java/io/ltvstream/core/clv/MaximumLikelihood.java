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
 * <p>Several starts are explored cheaply (BOBYQA to a loose tolerance); the best is then refined
 * tightly with BOBYQA and checked with Nelder-Mead, which must not find a better point. A fit
 * fails, with a message that lists every start and what became of it, when no start gives a
 * finite likelihood, when the refinement does not finish, or when a parameter runs to the edge
 * of the search box (the likelihood keeps rising: the data do not identify the model).
 */
final class MaximumLikelihood {
  /** Search box in log space: parameters between e^-18 (1.5e-8) and e^18 (6.6e7). */
  static final double LOG_BOUND = 18;
  private static final double EDGE = 0.5;
  private static final double PENALTY = 1e100;
  private static final int EXPLORE_EVALUATIONS = 2_000;
  private static final int REFINE_EVALUATIONS = 10_000;

  /** A converged fit. */
  record Fit(double[] params, double logLikelihood, int evaluations, String summary) {}

  private MaximumLikelihood() {}

  /**
   * @param model the model's name, for messages
   * @param names parameter names, for messages
   * @param logLikelihood of the parameters in natural (positive) space
   * @param starts starting points in natural space
   */
  static Fit maximize(String model, String[] names, ToDoubleFunction<double[]> logLikelihood,
      List<double[]> starts) {
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
    List<Double> reached = new ArrayList<>();
    for (double[] start : starts) {
      double[] theta0 = new double[n];
      for (int i = 0; i < n; i++) {
        theta0[i] = Math.log(start[i]);
      }
      String label = "start " + describe(names, start);
      try {
        PointValuePair found = new BOBYQAOptimizer(2 * n + 1, 1.0, 1e-4).optimize(
            objective, GoalType.MINIMIZE, new InitialGuess(theta0), bounds,
            new MaxEval(EXPLORE_EVALUATIONS));
        if (found.getValue() >= PENALTY) {
          tried.add(label + ": no finite likelihood found");
          continue;
        }
        reached.add(-found.getValue());
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

    PointValuePair refined;
    try {
      refined = new BOBYQAOptimizer(2 * n + 1, 0.1, 1e-10).optimize(
          objective, GoalType.MINIMIZE, new InitialGuess(best.getPoint()), bounds,
          new MaxEval(REFINE_EVALUATIONS));
      PointValuePair checked = new SimplexOptimizer(1e-14, 1e-12).optimize(
          objective, GoalType.MINIMIZE, new InitialGuess(refined.getPoint()),
          new NelderMeadSimplex(n, 0.05), new MaxEval(REFINE_EVALUATIONS));
      if (checked.getValue() < refined.getValue()) {
        refined = checked;
      }
    } catch (TooManyEvaluationsException e) {
      throw failure(model, "the refinement of the best start did not settle in "
          + REFINE_EVALUATIONS + " evaluations", tried);
    } catch (MathIllegalStateException | ArithmeticException e) {
      throw failure(model, "the refinement failed: " + e.getMessage(), tried);
    }

    double[] params = new double[n];
    for (int i = 0; i < n; i++) {
      double theta = refined.getPoint()[i];
      params[i] = Math.exp(theta);
      if (Math.abs(theta) > LOG_BOUND - EDGE) {
        throw failure(model, "parameter " + names[i] + " ran to " + format(params[i])
            + ", the edge of the search box: the likelihood keeps rising, the data do not"
            + " identify the model", tried);
      }
    }
    double ll = -refined.getValue();
    long agreeing = reached.stream().filter(v -> Math.abs(v - ll) < 0.01).count();
    String summary = String.format(Locale.ROOT,
        "%s: LL %s at %s; %d of %d starts reached it; %d likelihood evaluations",
        model, format(ll), describe(names, params), agreeing, starts.size(), evaluations[0]);
    return new Fit(params, ll, evaluations[0], summary);
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
