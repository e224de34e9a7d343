package io.ltvstream.evaluate;

import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.eval.Prediction;
import java.util.Map;

/** A predictor that predicts each user's calibration frequency times a factor, for tests. */
final class FixedPredictor implements LtvPredictor {
  private final String name;
  private final double factor;
  private final Map<String, Double> params;
  private final Map<String, Double> gammaGamma;

  FixedPredictor(String name, double factor, Map<String, Double> params,
      Map<String, Double> gammaGamma) {
    this.name = name;
    this.factor = factor;
    this.params = params;
    this.gammaGamma = gammaGamma;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Prediction predict(CalibrationSet calibration) {
    int n = calibration.size();
    double[] transactions = new double[n];
    double[] spend = new double[n];
    for (int i = 0; i < n; i++) {
      transactions[i] = factor * calibration.users().get(i).rfm().frequency();
      spend[i] = 10 * transactions[i];
    }
    Prediction prediction = Prediction.of(transactions, spend).withParams(params)
        .withTrainSeconds(0.5);
    return gammaGamma == null ? prediction : prediction.withComponent("gammagamma", gammaGamma);
  }
}
