package io.ltvstream.core.eval;

import java.util.Arrays;

/**
 * Accuracy, ranking and calibration metrics of per-user predictions against actuals.
 *
 * <p>Ranking metrics sort users by prediction. Users with equal predictions (ties, e.g. the zero
 * model, or users with identical histories) have no order among them, so each metric takes its
 * expected value over every order of a tied block: the block's actuals are replaced by their
 * mean. The zero model therefore gets a Gini of exactly 0, not whatever the sort left behind.
 *
 * <p>Undefined values are {@code NaN}: Spearman when either side is constant; Gini, aggregate
 * error, top-decile share and decile MAPE when the actuals sum to zero.
 */
public final class Metrics {
  /** Buckets of the decile chart and the decile MAPE. */
  public static final int DECILES = 10;

  private Metrics() {}

  /** Mean absolute error. */
  public static double mae(double[] predicted, double[] actual) {
    check(predicted, actual);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      sum += Math.abs(predicted[i] - actual[i]);
    }
    return sum / actual.length;
  }

  /** Root mean squared error. */
  public static double rmse(double[] predicted, double[] actual) {
    check(predicted, actual);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = predicted[i] - actual[i];
      sum += d * d;
    }
    return Math.sqrt(sum / actual.length);
  }

  /** (sum predicted - sum actual) / sum actual. */
  public static double aggregateError(double[] predicted, double[] actual) {
    check(predicted, actual);
    double total = sum(actual);
    return total == 0 ? Double.NaN : (sum(predicted) - total) / total;
  }

  /** Spearman's rank correlation, ties given their average rank. */
  public static double spearman(double[] predicted, double[] actual) {
    check(predicted, actual);
    return pearson(ranks(predicted), ranks(actual));
  }

  /**
   * Normalized Gini as in google/lifetime_value: the raw Gini of the gain curve of actuals sorted
   * by descending prediction, {@code 2 * mean(cumulative share) - 1}, divided by the raw Gini of
   * the perfect order (actuals sorted by themselves). 1 is a perfect ranking, 0 a random one.
   */
  public static double normalizedGini(double[] predicted, double[] actual) {
    check(predicted, actual);
    double model = rawGini(byDescendingPrediction(predicted, actual));
    double perfect = rawGini(byDescendingPrediction(actual, actual));
    return perfect == 0 || Double.isNaN(perfect) ? Double.NaN : model / perfect;
  }

  /**
   * The gain (Lorenz) curve: share of the total actual held by the top {@code k} users by
   * prediction, for k = 1..n (point k-1 of the array).
   */
  public static double[] gainCurve(double[] predicted, double[] actual) {
    check(predicted, actual);
    double[] ordered = byDescendingPrediction(predicted, actual);
    double total = sum(actual);
    double[] curve = new double[ordered.length];
    double running = 0;
    for (int k = 0; k < ordered.length; k++) {
      running += ordered[k];
      curve[k] = total == 0 ? Double.NaN : running / total;
    }
    return curve;
  }

  /**
   * Share of the total actual that the tenth of users with the highest predictions holds (at a
   * fractional user when n is not a multiple of 10). A random order scores 0.1.
   */
  public static double topDecileShare(double[] predicted, double[] actual) {
    check(predicted, actual);
    double total = sum(actual);
    if (total == 0) {
      return Double.NaN;
    }
    double[] ordered = byDescendingPrediction(predicted, actual);
    double users = ordered.length / (double) DECILES;
    int whole = (int) Math.floor(users);
    double held = 0;
    for (int k = 0; k < whole; k++) {
      held += ordered[k];
    }
    if (whole < ordered.length) {
      held += (users - whole) * ordered[whole];
    }
    return held / total;
  }

  /**
   * Mean predicted and mean actual per decile of prediction, lowest predictions first (the
   * decile chart). User i of the ascending order falls in decile floor(10 i / n), which is
   * {@code pandas.qcut} on distinct predictions.
   */
  public static Deciles deciles(double[] predicted, double[] actual) {
    check(predicted, actual);
    int n = actual.length;
    int[] order = ascendingOrder(predicted);
    double[] tiedActual = blockMeans(order, predicted, actual);
    double[] predictedSum = new double[DECILES];
    double[] actualSum = new double[DECILES];
    int[] count = new int[DECILES];
    for (int pos = 0; pos < n; pos++) {
      int decile = (int) ((long) pos * DECILES / n);
      predictedSum[decile] += predicted[order[pos]];
      actualSum[decile] += tiedActual[pos];
      count[decile]++;
    }
    double[] predictedMean = new double[DECILES];
    double[] actualMean = new double[DECILES];
    for (int d = 0; d < DECILES; d++) {
      predictedMean[d] = count[d] == 0 ? Double.NaN : predictedSum[d] / count[d];
      actualMean[d] = count[d] == 0 ? Double.NaN : actualSum[d] / count[d];
    }
    return new Deciles(predictedMean, actualMean, count);
  }

  /**
   * Decile MAPE as in google/lifetime_value: the mean over deciles of prediction of
   * {@code |mean predicted - mean actual| / mean actual}. Deciles whose actual mean is 0 (where
   * the ratio is infinite) are left out, and so are empty ones (fewer than 10 users).
   */
  public static double decileMape(double[] predicted, double[] actual) {
    Deciles deciles = deciles(predicted, actual);
    double sum = 0;
    int used = 0;
    for (int d = 0; d < DECILES; d++) {
      double label = deciles.actualMean()[d];
      if (deciles.count()[d] > 0 && label != 0) {
        sum += Math.abs(deciles.predictedMean()[d] - label) / Math.abs(label);
        used++;
      }
    }
    return used == 0 ? Double.NaN : sum / used;
  }

  /** Per-decile means, lowest predictions first. */
  public record Deciles(double[] predictedMean, double[] actualMean, int[] count) {}

  /** Log loss clips probabilities to [1e-15, 1 - 1e-15], as scikit-learn does, so a confident miss costs 34.5, not infinity. */
  public static final double LOG_LOSS_CLIP = 1e-15;
  /** Bins of the reliability diagram. */
  public static final int RELIABILITY_BINS = 10;

  /** Brier score: mean squared difference of the probability and the outcome (1 bought, 0 not). */
  public static double brier(double[] probability, boolean[] outcome) {
    checkOutcomes(probability, outcome);
    double sum = 0;
    for (int i = 0; i < outcome.length; i++) {
      double d = probability[i] - (outcome[i] ? 1 : 0);
      sum += d * d;
    }
    return sum / outcome.length;
  }

  /** Mean negative log-likelihood of the outcomes, natural log, probabilities clipped. */
  public static double logLoss(double[] probability, boolean[] outcome) {
    checkOutcomes(probability, outcome);
    double sum = 0;
    for (int i = 0; i < outcome.length; i++) {
      double p = Math.min(1 - LOG_LOSS_CLIP, Math.max(LOG_LOSS_CLIP, probability[i]));
      sum -= outcome[i] ? Math.log(p) : Math.log1p(-p);
    }
    return sum / outcome.length;
  }

  /**
   * The reliability diagram: users in {@link #RELIABILITY_BINS} equal-width bins of predicted
   * probability ([0, 0.1), ..., [0.9, 1]); per bin, the users, their mean probability and the
   * share that bought (NaN for an empty bin).
   */
  public static Reliability reliability(double[] probability, boolean[] outcome) {
    checkOutcomes(probability, outcome);
    int[] count = new int[RELIABILITY_BINS];
    double[] predicted = new double[RELIABILITY_BINS];
    double[] observed = new double[RELIABILITY_BINS];
    for (int i = 0; i < outcome.length; i++) {
      int bin = Math.min(RELIABILITY_BINS - 1, (int) (probability[i] * RELIABILITY_BINS));
      count[bin]++;
      predicted[bin] += probability[i];
      observed[bin] += outcome[i] ? 1 : 0;
    }
    for (int b = 0; b < RELIABILITY_BINS; b++) {
      predicted[b] = count[b] == 0 ? Double.NaN : predicted[b] / count[b];
      observed[b] = count[b] == 0 ? Double.NaN : observed[b] / count[b];
    }
    return new Reliability(count, predicted, observed);
  }

  /** Per bin of predicted probability: users, mean predicted probability, observed share. */
  public record Reliability(int[] count, double[] meanPredicted, double[] observedShare) {}

  /**
   * The share of users whose actual is at or below their quantile at {@code level}. A user with
   * an actual of 0 whose quantile is 0 too (the predictive distribution has a mass at zero) counts
   * as the randomised PIT does, by its expectation: level / P(zero) when {@code probabilityOfZero}
   * is given (null counts the tie as at or below).
   */
  public static double quantileShare(double[] quantile, double[] actual, double level,
      double[] probabilityOfZero) {
    check(quantile, actual);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] == 0 && quantile[i] == 0) {
        sum += probabilityOfZero == null || probabilityOfZero[i] <= level ? 1
            : level / probabilityOfZero[i];
      } else if (actual[i] <= quantile[i]) {
        sum += 1;
      }
    }
    return sum / actual.length;
  }

  /** Mean pinball (quantile) loss at {@code level}: level (y - q) above q, (1 - level) (q - y) below. */
  public static double pinball(double[] quantile, double[] actual, double level) {
    check(quantile, actual);
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = actual[i] - quantile[i];
      sum += d >= 0 ? level * d : (level - 1) * d;
    }
    return sum / actual.length;
  }

  private static double rawGini(double[] ordered) {
    double total = sum(ordered);
    if (total == 0) {
      return Double.NaN;
    }
    double running = 0;
    double area = 0;
    for (double v : ordered) {
      running += v;
      area += running / total;
    }
    return 2 * area / ordered.length - 1;
  }

  /** Actuals in order of descending prediction, tied blocks replaced by their mean. */
  private static double[] byDescendingPrediction(double[] predicted, double[] actual) {
    int[] order = ascendingOrder(predicted);
    double[] ascending = blockMeans(order, predicted, actual);
    double[] descending = new double[ascending.length];
    for (int i = 0; i < ascending.length; i++) {
      descending[i] = ascending[ascending.length - 1 - i];
    }
    return descending;
  }

  /**
   * Indices by ascending value ({@link Double#compare}), ties in index order: a stable bottom-up
   * merge sort of primitive indices (a boxed sort with a comparator was a hot spot on a million
   * users, several per model), the same order as a stable sort.
   */
  private static int[] ascendingOrder(double[] values) {
    int n = values.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] merged = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        if (Double.compare(values[order[mid - 1]], values[order[mid]]) <= 0) {
          continue; // already in order
        }
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          // the right run's element first only when strictly smaller: stable
          merged[k++] = Double.compare(values[order[j]], values[order[i]]) < 0 ? order[j++] : order[i++];
        }
        while (i < mid) {
          merged[k++] = order[i++];
        }
        while (j < hi) {
          merged[k++] = order[j++];
        }
        System.arraycopy(merged, lo, order, lo, hi - lo);
      }
    }
    return order;
  }

  /** actual[order[pos]] for each position, every block of equal predictions averaged. */
  private static double[] blockMeans(int[] order, double[] predicted, double[] actual) {
    int n = order.length;
    double[] out = new double[n];
    int start = 0;
    while (start < n) {
      int end = start + 1;
      while (end < n && predicted[order[end]] == predicted[order[start]]) {
        end++;
      }
      double blockSum = 0;
      for (int pos = start; pos < end; pos++) {
        blockSum += actual[order[pos]];
      }
      double mean = blockSum / (end - start);
      Arrays.fill(out, start, end, mean);
      start = end;
    }
    return out;
  }

  /** Ranks 1..n, ties given their average rank. */
  static double[] ranks(double[] values) {
    int[] order = ascendingOrder(values);
    double[] ranks = new double[values.length];
    int start = 0;
    while (start < order.length) {
      int end = start + 1;
      while (end < order.length && values[order[end]] == values[order[start]]) {
        end++;
      }
      double rank = (start + 1 + end) / 2.0;
      for (int pos = start; pos < end; pos++) {
        ranks[order[pos]] = rank;
      }
      start = end;
    }
    return ranks;
  }

  private static double pearson(double[] x, double[] y) {
    double mx = sum(x) / x.length;
    double my = sum(y) / y.length;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }

  private static void checkOutcomes(double[] probability, boolean[] outcome) {
    if (probability.length != outcome.length) {
      throw new IllegalArgumentException(probability.length + " probabilities for "
          + outcome.length + " outcomes");
    }
    if (outcome.length == 0) {
      throw new IllegalArgumentException("no users to score");
    }
  }

  private static void check(double[] predicted, double[] actual) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(predicted.length + " predictions for " + actual.length
          + " actuals");
    }
    if (actual.length == 0) {
      throw new IllegalArgumentException("no users to score");
    }
  }
}
