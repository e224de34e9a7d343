package io.ltvstream.scorer.model;

import io.ltvstream.core.state.UserState;
import java.util.Map;

/** The classic-model value printed beside the network's, when the bundle carries its parameters. */
final class Baseline {
  private Baseline() {}

  static double value(Map<String, Double> params, UserState state, long atMillis, double horizonDays) {
    return Double.NaN;
  }
}
