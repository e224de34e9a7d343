package io.ltvstream.scorer.model;

/**
 * The power {@code g} that makes {@code c p^g} the least-squares predictor of spend {@code y},
 * with {@code c} keeping the total ({@code c = sum y / sum p^g}): 1 for predictions spread just
 * right, below 1 for predictions spread too far. Spend is heavy-tailed, so a network whose
 * ranking is right can still give its heaviest users more than squared error rewards; the power
 * pulls them in without changing the ranking or the total.
 */
final class SpendSlope {
  static final double MIN = 0.3;
  static final double MAX = 1.5;
  private static final double STEP = 0.005;

  private SpendSlope() {}

  /**
   * @param predicted positive predicted spends
   * @param actual the spends that followed
   * @return the power on a grid of {@value #STEP} in [{@value #MIN}, {@value #MAX}], or 1 when
   *     the data cannot identify it (fewer than two users, no spend)
   */
  static double fit(double[] predicted, double[] actual) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(predicted.length + " predictions for " + actual.length + " actuals");
    }
    double total = 0;
    for (double y : actual) {
      total += y;
    }
    if (predicted.length < 2 || !(total > 0)) {
      return 1;
    }
    double best = 1;
    double bestError = squaredError(predicted, actual, total, 1);
    int steps = (int) Math.round((MAX - MIN) / STEP);
    for (int i = 0; i <= steps; i++) {
      double g = MIN + i * STEP;
      double error = squaredError(predicted, actual, total, g);
      if (error < bestError) {
        best = g;
        bestError = error;
      }
    }
    return best;
  }

  private static double squaredError(double[] predicted, double[] actual, double total, double g) {
    double sum = 0;
    for (double p : predicted) {
      sum += Math.pow(p, g);
    }
    double c = total / sum;
    double error = 0;
    for (int i = 0; i < predicted.length; i++) {
      double d = c * Math.pow(predicted[i], g) - actual[i];
      error += d * d;
    }
    return error;
  }
}
