package io.ltvstream.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The NBD model (Ehrenberg 1959): every customer buys as a Poisson process with rate
 * lambda ~ Gamma(r, alpha), for ever. It is the limit of BG/NBD and Pareto/NBD when no one drops
 * out, the model those fits are reported as when their dropout vanishes (see
 * {@link Fitted#limit()}).
 */
public record Nbd(double r, double alpha) implements TransactionModel {
  static final String[] NAMES = {"r", "alpha"};
  /**
   * How much better than the NBD, in log-likelihood, a model with dropout must explain the data
   * to be reported as itself rather than as its no-dropout limit: a likelihood ratio of 1.01,
   * negligible beside the sampling error of any data set.
   */
  static final double LIMIT_TOLERANCE = 0.01;
  /**
   * How much better in log-likelihood a limit with one more parameter must explain the data to
   * be preferred to a simpler one: half the 95% quantile of chi-squared with one degree of
   * freedom, the likelihood-ratio test at 5%.
   */
  static final double RICHER_LIMIT_GAIN = 3.841 / 2;

  public Nbd {
    if (!(r > 0 && alpha > 0)) {
      throw new IllegalArgumentException("NBD parameters must be positive: r=" + r
          + ", alpha=" + alpha);
    }
  }

  /** Maximum-likelihood fit from several starts; throws {@link ModelFitException} if it fails. */
  public static Fitted<Nbd> fit(RfmTable data) {
    double rate = Math.max(data.meanFrequency(), 0.1) / data.meanAge();
    List<double[]> starts = List.of(new double[] {1, 1}, new double[] {1, 1 / rate},
        new double[] {0.25, 0.25 / rate});
    MaximumLikelihood.Fit fit = MaximumLikelihood.maximize("NBD", NAMES,
        p -> logLikelihood(p[0], p[1], data), starts, Double.NEGATIVE_INFINITY).identified();
    double[] p = fit.params();
    return new Fitted<>(new Nbd(p[0], p[1]), fit.logLikelihood(), fit.summary());
  }

  /**
   * A boundary of a model's parameters where it becomes a simpler model, which the fit tries
   * beside the model itself.
   *
   * @param label what the boundary is, for the warning: "no-dropout", "two-point dropout"
   * @param limitModel the simpler model's name: "NBD"
   * @param direction the parameters' direction at the boundary, e.g. "s/beta -> 0"
   * @param fit fits the simpler model; throws {@link ModelFitException} when it does not fit
   * @param predicts what the simpler model predicts at its fitted parameters, for the warning
   */
  record Boundary(String label, String limitModel, String direction,
      Function<RfmTable, Fitted<? extends TransactionModel>> fit,
      Function<TransactionModel, String> predicts) {}

  /** The no-dropout boundary, where the model becomes the NBD; {@code direction} as in Boundary. */
  static Boundary noDropout(String direction) {
    return new Boundary("no-dropout", "NBD", direction, Nbd::fit, nbd -> String.format(Locale.ROOT,
        "nobody is predicted to drop out (P(alive) = 1) and expected transactions are the NBD's,"
            + " (r+x)/(alpha+T) t, with r=%.6g, alpha=%.6g", nbd.params().get("r"),
        nbd.params().get("alpha")));
  }

  /**
   * Fits a model with dropout (BG/NBD, Pareto/NBD) or reports its no-dropout limit, the NBD:
   * {@link #fitOrLimit} with the one boundary {@link #noDropout}.
   */
  static Fitted<TransactionModel> fitOrNoDropoutLimit(String name, RfmTable data,
      DoubleFunction<MaximumLikelihood.Fit> fitModel, Function<double[], TransactionModel> model,
      String direction) {
    return fitOrLimit(name, data, fitModel, model, List.of(noDropout(direction)));
  }

  /**
   * Fits a model or reports the simpler model it becomes at one of its boundaries: that limit
   * when the model explains the data no better (by at most {@link #LIMIT_TOLERANCE} in
   * log-likelihood: its optimum is the boundary, where parameters run to the edge of their range
   * or the likelihood is flat in them); otherwise the model itself when the data identify it.
   * The boundaries are tried in order, simplest first; a later one, with more parameters (the
   * NBD with one-time buyers beside the NBD), is preferred only when it explains the data
   * significantly better, by more than {@link #RICHER_LIMIT_GAIN}; the model itself must beat
   * the best of them.
   *
   * @param name the model's name, for messages
   * @param fitModel fits the model given the log-likelihood below which it need not refine its
   *     best start (see {@link MaximumLikelihood#maximize})
   * @param model the model at fitted parameters
   * @throws ModelFitException when the data identify neither the model nor any of its limits
   */
  static Fitted<TransactionModel> fitOrLimit(String name, RfmTable data,
      DoubleFunction<MaximumLikelihood.Fit> fitModel, Function<double[], TransactionModel> model,
      List<Boundary> boundaries) {
    Fitted<? extends TransactionModel> limit = null;
    Boundary reached = null;
    double bestLimit = Double.NEGATIVE_INFINITY;
    List<String> failures = new ArrayList<>();
    for (Boundary boundary : boundaries) {
      Fitted<? extends TransactionModel> fitted;
      try {
        fitted = boundary.fit().apply(data);
      } catch (ModelFitException e) {
        failures.add("Its " + boundary.label() + " limit does not fit either: " + e.getMessage());
        continue;
      }
      bestLimit = Math.max(bestLimit, fitted.logLikelihood());
      if (limit == null || fitted.logLikelihood() > limit.logLikelihood() + RICHER_LIMIT_GAIN) {
        limit = fitted;
        reached = boundary;
      }
    }
    if (limit == null) {
      MaximumLikelihood.Fit full = fitModel.apply(Double.NEGATIVE_INFINITY);
      if (full.isIdentified()) {
        return new Fitted<>(model.apply(full.params()), full.logLikelihood(), full.summary());
      }
      throw new ModelFitException(full.unidentified().getMessage() + ". "
          + String.join(". ", failures));
    }
    double limitLogLikelihood = bestLimit + LIMIT_TOLERANCE;
    MaximumLikelihood.Fit full = fitModel.apply(limitLogLikelihood);
    if (full.logLikelihood() > limitLogLikelihood) {
      return new Fitted<>(model.apply(full.identified().params()), full.logLikelihood(),
          full.summary());
    }
    String warning = String.format(Locale.ROOT, "%s reached its %s limit (%s): its best"
        + " fit %s (LL %.2f) explains the data no better than the %s (LL %.2f)%s, so %s", name,
        reached.label(), reached.direction(), describe(model.apply(full.params()).params()),
        full.logLikelihood(), reached.limitModel(), limit.logLikelihood(),
        bestLimit > limit.logLikelihood() ? String.format(Locale.ROOT, " and its richer limits"
            + " (LL %.2f at best) not significantly better", bestLimit) : "",
        reached.predicts().apply(limit.model()));
    return new Fitted<>(limit.model(), limit.logLikelihood(),
        full.summary() + "; at its " + reached.limitModel() + " limit (" + reached.direction()
            + "): " + limit.summary(),
        Optional.of(new Fitted.Limit(reached.limitModel(), reached.direction(), warning)));
  }

  /** Log-likelihood of a whole table: the Gamma function once per frequency. */
  static double logLikelihood(double r, double alpha, RfmTable data) {
    int maxX = data.maxFrequency();
    double[] perX = new double[maxX + 1];
    boolean[] seen = new boolean[maxX + 1];
    double common = -logGamma(r) + r * Math.log(alpha);
    double total = 0;
    for (int i = 0; i < data.rows(); i++) {
      int x = data.frequency(i);
      if (!seen[x]) {
        perX[x] = common + logGamma(r + x);
        seen[x] = true;
      }
      total += data.weight(i) * (perX[x] - (r + x) * Math.log(alpha + data.age(i)));
    }
    return total;
  }

  private static String describe(Map<String, Double> params) {
    return params.entrySet().stream()
        .map(p -> String.format(Locale.ROOT, "%s=%.6g", p.getKey(), p.getValue()))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  @Override
  public Map<String, Double> params() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("r", r);
    params.put("alpha", alpha);
    return params;
  }

  /** Gamma(r+x)/Gamma(r) alpha^r / (alpha+T)^(r+x): the purchase times do not matter. */
  @Override
  public double logLikelihood(int x, double tx, double age) {
    return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) - (r + x) * Math.log(alpha + age);
  }

  @Override
  public double logLikelihood(RfmTable data) {
    return logLikelihood(r, alpha, data);
  }

  /** (r+x)/(alpha+T) t: the posterior mean rate times the horizon. */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    return t <= 0 ? 0 : (r + x) / (alpha + age) * t;
  }

  /**
   * 1 - ((alpha+T)/(alpha+T+t))^(r+x): the rate's posterior is Gamma(r+x, alpha+T), and
   * E[e^(-lambda t)] under it is that power.
   */
  @Override
  public double probabilityOfPurchase(double t, int x, double tx, double age) {
    return t <= 0 ? 0 : BgNbd.purchaseIfAlive(r, alpha, x, age, t);
  }

  /** Nobody drops out. */
  @Override
  public double probabilityAlive(int x, double tx, double age) {
    return 1;
  }

  /** r t / alpha. */
  @Override
  public double expectedTransactions(double t) {
    return t <= 0 ? 0 : r / alpha * t;
  }
}
