package io.ltvstream.core.eval;

/**
 * {@code zero}: nothing for everyone. Every report shows it, because on data where most users
 * buy nothing in the holdout its MAE nearly ties the best model's: MAE alone says little.
 */
public final class ZeroPredictor implements LtvPredictor {
  @Override
  public String name() {
    return "zero";
  }

  @Override
  public Prediction predict(CalibrationSet calibration) {
    return Prediction.of(new double[calibration.size()], new double[calibration.size()]);
  }
}
