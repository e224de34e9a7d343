package io.ltvstream.evaluate;

import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.eval.Prediction;
import java.util.function.Supplier;

/** A predictor that throws what it is given, for tests of a run that goes on without it. */
final class FailingPredictor implements LtvPredictor {
  private final String name;
  private final Supplier<RuntimeException> failure;

  FailingPredictor(String name, Supplier<RuntimeException> failure) {
    this.name = name;
    this.failure = failure;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Prediction predict(CalibrationSet calibration) {
    throw failure.get();
  }
}
