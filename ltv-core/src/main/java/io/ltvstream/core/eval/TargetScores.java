package io.ltvstream.core.eval;

/**
 * Every metric of one target (holdout transactions or spend) for one model; {@code NaN} where a
 * metric is undefined (see {@link Metrics}). The JSON shows top-decile share and decile MAPE for
 * spend only.
 */
public record TargetScores(
    double mae,
    double rmse,
    double spearman,
    double gini,
    double aggregateError,
    double topDecileShare,
    double decileMape,
    double predictedTotal,
    double actualTotal) {

  /** Scores predictions against actuals. */
  public static TargetScores of(double[] predicted, double[] actual) {
    double predictedTotal = 0;
    double actualTotal = 0;
    for (int i = 0; i < actual.length; i++) {
      predictedTotal += predicted[i];
      actualTotal += actual[i];
    }
    return new TargetScores(
        Metrics.mae(predicted, actual),
        Metrics.rmse(predicted, actual),
        Metrics.spearman(predicted, actual),
        Metrics.normalizedGini(predicted, actual),
        Metrics.aggregateError(predicted, actual),
        Metrics.topDecileShare(predicted, actual),
        Metrics.decileMape(predicted, actual),
        predictedTotal,
        actualTotal);
  }
}
