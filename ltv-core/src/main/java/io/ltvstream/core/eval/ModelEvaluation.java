package io.ltvstream.core.eval;


/**
 * One model's prediction and its scores on both targets.
 *
 * @param name the predictor's name
 * @param prediction what it predicted
 * @param transactions scores of the holdout repeat transactions
 * @param spend scores of the holdout spend
 * @param wallSeconds wall time of {@link LtvPredictor#predict}, training included
 * @param probability scores of the probability of any purchase in the holdout, null when the
 *     prediction has none
 * @param quantiles scores of the spend quantiles, null when the prediction has none
 */
public record ModelEvaluation(String name, Prediction prediction, TargetScores transactions,
    TargetScores spend, double wallSeconds, ProbabilityScores probability,
    QuantileScores quantiles) {

  /** Runs a predictor on the split and scores it. */
  public static ModelEvaluation run(LtvPredictor predictor, CohortSplit split) {
    CalibrationSet calibration = split.calibration();
    long start = System.nanoTime();
    Prediction prediction = predictor.predict(calibration);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (prediction.size() != calibration.size()) {
      throw new IllegalStateException("predictor " + predictor.name() + " predicted "
          + prediction.size() + " users of a cohort of " + calibration.size());
    }
    checkFinite(predictor.name(), "transactions", prediction.transactions());
    checkFinite(predictor.name(), "spend", prediction.spend());
    HoldoutActuals actuals = split.actuals();
    double[] probability = prediction.purchaseProbability();
    double[] probabilityOfZero = null;
    ProbabilityScores probabilityScores = null;
    if (probability != null) {
      checkFinite(predictor.name(), "purchase probability", probability);
      probabilityScores = ProbabilityScores.of(probability, actuals.bought());
      probabilityOfZero = new double[probability.length];
      for (int i = 0; i < probability.length; i++) {
        probabilityOfZero[i] = 1 - probability[i];
      }
    }
    QuantileScores quantileScores = prediction.spendQuantiles() == null ? null
        : QuantileScores.of(prediction.spendQuantiles(), actuals.spend(), probabilityOfZero);
    return new ModelEvaluation(predictor.name(), prediction,
        TargetScores.of(prediction.transactions(), actuals.transactions()),
        TargetScores.of(prediction.spend(), actuals.spend()), seconds, probabilityScores,
        quantileScores);
  }

  private static void checkFinite(String model, String target, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalStateException("predictor " + model + " predicted " + values[i] + " "
            + target + " for user #" + i + " of the cohort");
      }
    }
  }
}
