package io.ltvstream.evaluate;

import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.eval.Prediction;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A predictor that predicts each user's calibration frequency times a factor, for tests. */
final class FixedPredictor implements LtvPredictor {
  private final String name;
  private final double factor;
  private final Map<String, Double> params;
  private final Map<String, Double> gammaGamma;
  private final UnaryOperator<Prediction> extra;

  FixedPredictor(String name, double factor, Map<String, Double> params,
      Map<String, Double> gammaGamma) {
    this(name, factor, params, gammaGamma, UnaryOperator.identity());
  }

  private FixedPredictor(String name, double factor, Map<String, Double> params,
      Map<String, Double> gammaGamma, UnaryOperator<Prediction> extra) {
    this.name = name;
    this.factor = factor;
    this.params = params;
    this.gammaGamma = gammaGamma;
    this.extra = extra;
  }

  /** The same predictor, its prediction passed through {@code more} (a limit, probabilities). */
  FixedPredictor with(UnaryOperator<Prediction> more) {
    return new FixedPredictor(name, factor, params, gammaGamma,
        p -> more.apply(extra.apply(p)));
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
    return extra.apply(
        gammaGamma == null ? prediction : prediction.withComponent("gammagamma", gammaGamma));
  }
}
