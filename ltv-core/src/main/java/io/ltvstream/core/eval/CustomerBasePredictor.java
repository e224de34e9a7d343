package io.ltvstream.core.eval;

import io.ltvstream.core.clv.BgBb;
import io.ltvstream.core.clv.BgNbd;
import io.ltvstream.core.clv.Fitted;
import io.ltvstream.core.clv.GammaGamma;
import io.ltvstream.core.clv.MbgNbd;
import io.ltvstream.core.clv.ObservedInformation;
import io.ltvstream.core.clv.ParetoNbd;
import io.ltvstream.core.clv.RfmSummary;
import io.ltvstream.core.clv.RfmTable;
import io.ltvstream.core.clv.TransactionModel;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code bgnbd}, {@code mbgnbd}, {@code paretonbd} and {@code bgbb}: fit the transaction model and Gamma-Gamma on the
 * calibration summaries (x, t_x, T in weeks; mean repeat spend), then predict each user's
 * conditional expected transactions over the holdout and their spend as that times the
 * Gamma-Gamma conditional mean spend per transaction. The tracking curve is the model's
 * unconditional expectation summed over users from their first purchase, as in the literature's
 * tracking plots. Each user's probability of any purchase in the holdout is the model's
 * P(X(T, T+t) > 0 | x, t_x, T); every fitted parameter has its standard error from the observed
 * information ({@link ObservedInformation}). When the transaction model's fit reaches its no-dropout limit, the NBD predicts
 * and the prediction carries the {@link Prediction#limit()}.
 */
public final class CustomerBasePredictor implements LtvPredictor {
  /** Level of the intervals on the holdout totals, and its two-sided normal quantile. */
  private static final double LEVEL = 0.95;
  private static final double Z = 1.959963984540054;
  /** A transaction is a day: BG/BB's opportunities are days, seven a week. */
  private static final double DAYS_PER_WEEK = 7;

  private final String name;
  private final Function<RfmTable, Fitted<? extends TransactionModel>> fitter;
  private final Consumer<String> progress;
  /** The model's time unit in periods per week: 1 for weeks, 7 for BG/BB's daily opportunities. */
  private final double periodsPerWeek;

  private CustomerBasePredictor(String name,
      Function<RfmTable, Fitted<? extends TransactionModel>> fitter, Consumer<String> progress,
      double periodsPerWeek) {
    this.name = name;
    this.fitter = fitter;
    this.progress = progress;
    this.periodsPerWeek = periodsPerWeek;
  }

  private CustomerBasePredictor(String name,
      Function<RfmTable, Fitted<? extends TransactionModel>> fitter, Consumer<String> progress) {
    this(name, fitter, progress, 1);
  }

  /** BG/NBD x Gamma-Gamma; {@code progress} receives one line per fitted model. */
  public static CustomerBasePredictor bgNbd(Consumer<String> progress) {
    return new CustomerBasePredictor("bgnbd", BgNbd::fitOrLimit, progress);
  }

  /** Pareto/NBD x Gamma-Gamma; {@code progress} receives one line per fitted model. */
  public static CustomerBasePredictor paretoNbd(Consumer<String> progress) {
    return new CustomerBasePredictor("paretonbd", ParetoNbd::fitOrLimit, progress);
  }

  /** MBG/NBD x Gamma-Gamma; {@code progress} receives one line per fitted model. */
  public static CustomerBasePredictor mbgNbd(Consumer<String> progress) {
    return new CustomerBasePredictor("mbgnbd", MbgNbd::fitOrLimit, progress);
  }

  /**
   * BG/BB x Gamma-Gamma on daily opportunities: a transaction is a day with a purchase, so x is
   * the repeat purchase days among the n days from the first purchase to the calibration end,
   * t_x the day of the last, and the horizon the holdout's days.
   */
  public static CustomerBasePredictor bgBb(Consumer<String> progress) {
    return new CustomerBasePredictor("bgbb", BgBb::fitOrLimit, progress, DAYS_PER_WEEK);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The Pareto/NBD fit of {@code calibration} (or its limit), as the {@code paretonbd} entry
   * fits it, shared with that entry ({@link CalibrationSet#shared}): for the network's baseline,
   * which is fitted on the same summaries.
   */
  public static Fitted<? extends TransactionModel> paretoNbdFit(CalibrationSet calibration) {
    return paretoNbd(line -> { }).transactionFit(calibration, () -> {
      Summaries rfm = summaries(calibration, 1);
      return RfmTable.of(rfm.x, rfm.tx, rfm.age);
    });
  }

  /**
   * The Gamma-Gamma fit of {@code calibration}'s repeat buyers (x, m_x), shared by every
   * customer-base entry and the network's baseline ({@link CalibrationSet#shared}).
   */
  public static Fitted<GammaGamma> gammaGammaFit(CalibrationSet calibration) {
    Summaries rfm = summaries(calibration, 1);
    return calibration.shared(GAMMA_GAMMA, () -> GammaGamma.fit(rfm.x, rfm.value));
  }

  /** Key of the shared Gamma-Gamma fit, and of its covariance. */
  private static final String GAMMA_GAMMA = "gammagamma";
  private static final String GAMMA_GAMMA_COVARIANCE = "gammagamma covariance";

  /** Every user's x, t_x and T in periods, and m_x: one array each, a million users' worth. */
  private record Summaries(int[] x, double[] tx, double[] age, double[] value) {}

  private static Summaries summaries(CalibrationSet calibration, double periodsPerWeek) {
    List<UserHistory> users = calibration.users();
    int n = users.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] age = new double[n];
    double[] value = new double[n];
    for (int i = 0; i < n; i++) {
      RfmSummary rfm = users.get(i).rfm();
      x[i] = rfm.frequency();
      tx[i] = periods(rfm.recency(), periodsPerWeek);
      age[i] = periods(rfm.age(), periodsPerWeek);
      value[i] = rfm.monetaryValue();
    }
    return new Summaries(x, tx, age, value);
  }

  /** This model's transaction fit, shared under its name ({@link CalibrationSet#shared}). */
  private Fitted<? extends TransactionModel> transactionFit(CalibrationSet calibration,
      Supplier<RfmTable> table) {
    return calibration.shared(name, () -> fitter.apply(table.get()));
  }

  @Override
  public Prediction predict(CalibrationSet calibration) {
    long start = System.nanoTime();
    Summaries rfm = summaries(calibration, periodsPerWeek);
    int n = rfm.x.length;
    int[] x = rfm.x;
    double[] tx = rfm.tx;
    double[] age = rfm.age;
    double[] value = rfm.value;
    RfmTable table = RfmTable.of(x, tx, age);
    boolean transactionShared = calibration.hasShared(name);
    Fitted<? extends TransactionModel> transactionFit = transactionFit(calibration, () -> table);
    long fitted = System.nanoTime();
    progress.accept(String.format(Locale.ROOT, "%s (%s)", transactionFit.summary(),
        seconds(fitted - start, transactionShared)));
    transactionFit.limit().ifPresent(limit -> progress.accept(String.format(Locale.ROOT,
        "%s: %s limit (%s), warning: %s", name, limit.model(), limit.boundary(),
        limit.warning())));
    boolean spendShared = calibration.hasShared(GAMMA_GAMMA);
    Fitted<GammaGamma> spendFit = calibration.shared(GAMMA_GAMMA, () -> GammaGamma.fit(x, value));
    long end = System.nanoTime();
    progress.accept(String.format(Locale.ROOT, "%s (%s)", spendFit.summary(),
        seconds(end - fitted, spendShared)));
    double trainSeconds = (end - start) / 1e9;

    TransactionModel model = transactionFit.model();
    GammaGamma spendModel = spendFit.model();
    double horizon = periods(calibration.holdoutWeeks());
    double[] transactions = new double[n];
    double[] spend = new double[n];
    double[] purchase = new double[n];
    for (int i = 0; i < n; i++) {
      transactions[i] = model.conditionalExpectedTransactions(horizon, x[i], tx[i], age[i]);
      purchase[i] = model.probabilityOfPurchase(horizon, x[i], tx[i], age[i]);
      spend[i] = transactions[i] * spendModel.conditionalExpectedTransactionValue(x[i], value[i]);
    }
    ObservedInformation.Covariance<TransactionModel> covariance =
        ObservedInformation.covariance(model, table);
    ObservedInformation.Covariance<GammaGamma> spendCovariance = calibration.shared(
        GAMMA_GAMMA_COVARIANCE, () -> ObservedInformation.covariance(spendModel, x, value));
    return Prediction.of(transactions, spend)
        .withParams(model.params())
        .withComponent("gammagamma", spendModel.params())
        .withTrainSeconds(trainSeconds)
        .withCumulativeTracking(tracking(model, calibration, periodsPerWeek))
        .withLimit(transactionFit.limit().orElse(null))
        .withPurchaseProbability(purchase)
        .withStandardErrors(Prediction.OWN, covariance.standardErrors())
        .withStandardErrors("gammagamma", spendCovariance.standardErrors())
        .withAggregateIntervals(aggregateIntervals(covariance, spendCovariance, horizon, x, tx,
            age, value, transactions));
  }

  /**
   * 95% intervals on the cohort's total holdout transactions and spend from the uncertainty of
   * the fitted parameters, by the delta method ({@link ObservedInformation.Covariance}): total
   * +- 1.96 se. The spend total's variance is the sum of the transaction model's and
   * Gamma-Gamma's parts, their fits being separate likelihoods (a block-diagonal information).
   * The customers' own randomness (who buys how often in the holdout) is not in it. The totals
   * are summed over distinct (x, t_x, T) histories, each with its count and its users' summed
   * spend per transaction, so that each of the gradient's evaluations costs one conditional
   * expectation per distinct history.
   */
  private static Prediction.AggregateIntervals aggregateIntervals(
      ObservedInformation.Covariance<TransactionModel> covariance,
      ObservedInformation.Covariance<GammaGamma> spendCovariance, double horizon, int[] x,
      double[] tx, double[] age, double[] value, double[] transactions) {
    Map<History, double[]> histories = new HashMap<>();
    GammaGamma fitted = spendCovariance.model();
    double totalTransactions = 0;
    double totalSpend = 0;
    for (int i = 0; i < x.length; i++) {
      double perTransaction = fitted.conditionalExpectedTransactionValue(x[i], value[i]);
      double[] sums = histories.computeIfAbsent(new History(x[i], tx[i], age[i]),
          h -> new double[2]);
      sums[0]++;
      sums[1] += perTransaction;
      totalTransactions += transactions[i];
      totalSpend += transactions[i] * perTransaction;
    }
    ToDoubleFunction<TransactionModel> transactionsTotal = m -> {
      double total = 0;
      for (Map.Entry<History, double[]> h : histories.entrySet()) {
        total += h.getValue()[0] * h.getKey().expected(m, horizon);
      }
      return total;
    };
    ToDoubleFunction<TransactionModel> spendTotal = m -> {
      double total = 0;
      for (Map.Entry<History, double[]> h : histories.entrySet()) {
        total += h.getValue()[1] * h.getKey().expected(m, horizon);
      }
      return total;
    };
    double transactionsSe = covariance.standardError(transactionsTotal);
    double spendSe = Math.hypot(covariance.standardError(spendTotal),
        spendCovariance.standardError(g -> {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            total += transactions[i] * g.conditionalExpectedTransactionValue(x[i], value[i]);
          }
          return total;
        }));
    return new Prediction.AggregateIntervals(LEVEL, totalTransactions - Z * transactionsSe,
        totalTransactions + Z * transactionsSe, totalSpend - Z * spendSe,
        totalSpend + Z * spendSe);
  }

  /** A distinct calibration history (x, t_x, T), in the model's time unit. */
  private record History(int x, double tx, double age) {
    double expected(TransactionModel model, double horizon) {
      return model.conditionalExpectedTransactions(horizon, x, tx, age);
    }
  }

  /** Weeks in the model's time unit; whole days for daily opportunities. */
  private double periods(double weeks) {
    return periods(weeks, periodsPerWeek);
  }

  private static double periods(double weeks, double periodsPerWeek) {
    return periodsPerWeek == 1 ? weeks : Math.round(weeks * periodsPerWeek);
  }

  /** A fit's wall time, or that another entry fitted it on the same data. */
  private static String seconds(long nanos, boolean shared) {
    return shared ? "shared: fitted once on the same data" : String.format(Locale.ROOT, "%.2f s",
        nanos / 1e9);
  }

  /** Sum over users of E[X(w - first purchase)] at each week w of the tracking grid. */
  private static double[] tracking(TransactionModel model, CalibrationSet calibration,
      double periodsPerWeek) {
    Map<LocalDate, Integer> firstPurchases = new TreeMap<>();
    for (UserHistory user : calibration.users()) {
      firstPurchases.merge(user.rfm().firstPurchase(), 1, Integer::sum);
    }
    double[] weeks = calibration.trackingWeeks();
    double[] curve = new double[weeks.length];
    for (Map.Entry<LocalDate, Integer> cohort : firstPurchases.entrySet()) {
      double born = calibration.weeksSincePeriodStart(cohort.getKey());
      for (int k = 0; k < weeks.length; k++) {
        if (weeks[k] > born) {
          curve[k] += cohort.getValue()
              * model.expectedTransactions((weeks[k] - born) * periodsPerWeek);
        }
      }
    }
    return curve;
  }
}
