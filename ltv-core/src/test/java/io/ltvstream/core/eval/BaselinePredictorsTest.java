package io.ltvstream.core.eval;

import static io.ltvstream.core.eval.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinePredictorsTest {
  private static final CalibrationSet CALIBRATION = CohortSplit.of(List.of(
      purchase("a", "2024-01-01T09:00:00Z", 10),
      purchase("a", "2024-01-08T09:00:00Z", 30),
      purchase("a", "2024-01-15T09:00:00Z", 20),
      purchase("b", "2024-01-29T09:00:00Z", 50),
      purchase("c", "2024-01-15T09:00:00Z", 5)),
      LocalDate.of(2024, 1, 29), LocalDate.of(2024, 2, 26)).calibration();

  @Test
  void naiveCarriesTheCalibrationRateForward() {
    Prediction p = new NaivePredictor().predict(CALIBRATION);

    // a: 2 repeats in T = 4 weeks, holdout 4 weeks -> 2, worth (10+30+20)/3 each
    assertThat(p.transactions()[0]).isCloseTo(2.0, within(1e-12));
    assertThat(p.spend()[0]).isCloseTo(40.0, within(1e-12));
    // b: first purchase on the calibration end, T = 0
    assertThat(p.transactions()[1]).isZero();
    // c: no repeat
    assertThat(p.transactions()[2]).isZero();
    assertThat(p.spend()[2]).isZero();
  }

  @Test
  void zeroPredictsNothingForEveryone() {
    Prediction p = new ZeroPredictor().predict(CALIBRATION);

    assertThat(p.transactions()).containsOnly(0.0).hasSize(3);
    assertThat(p.spend()).containsOnly(0.0).hasSize(3);
    assertThat(p.params()).isEmpty();
  }
}
