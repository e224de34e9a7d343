package io.ltvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

class ActivityCalibrationTest {
  @Test
  void shapeOneIsTheGeometricChanceAndALargeShapeThePoissonOne() {
    // gamma-Poisson with shape 1: P(0) = 1 / (1 + m)
    assertThat(new ActivityCalibration(1).probability(3)).isCloseTo(0.75, within(1e-12));
    assertThat(new ActivityCalibration(1e9).probability(2)).isCloseTo(-Math.expm1(-2), within(1e-7));
    assertThat(ActivityCalibration.POISSON.probability(2)).isEqualTo(-Math.expm1(-2));
    assertThat(new ActivityCalibration(0.5).probability(0)).isZero();
    // the same expectation, less sure of a purchase the smaller the shape
    assertThat(new ActivityCalibration(0.5).probability(2)).isLessThan(new ActivityCalibration(2).probability(2));
  }

  @Test
  void aBundleWithoutAShapeKeepsThePoissonForm() {
    assertThat(ActivityCalibration.of(Map.of(ValueHead.COUNT_SLOPE, 0.9), ActivityCalibration.SHAPE))
        .isEqualTo(ActivityCalibration.POISSON);
    assertThat(ActivityCalibration.of(null, ActivityCalibration.SHAPE)).isEqualTo(ActivityCalibration.POISSON);
    assertThat(ActivityCalibration.of(Map.of(ActivityCalibration.SHAPE, 0.7), ActivityCalibration.SHAPE).shape())
        .isEqualTo(0.7);
    assertThatThrownBy(() -> new ActivityCalibration(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fitOnAWindowOfGammaPoissonBuyersRecoversTheirShapeAndBeatsThePoissonFormOnALongerHorizon() {
    double shape = 0.7;
    Window window = gammaPoissonBuyers(20_000, shape, 1, 11);
    ActivityCalibration fitted = ActivityCalibration.fit(window.expected, window.bought);

    assertThat(fitted.shape()).isCloseTo(shape, within(0.15));
    assertThat(fitted.brier(window.expected, window.bought))
        .isLessThan(ActivityCalibration.POISSON.brier(window.expected, window.bought));
    // fit on one window, applied to a window three times as long (the holdout is 3x the validation window)
    Window longer = gammaPoissonBuyers(20_000, shape, 3, 12);
    double calibrated = fitted.brier(longer.expected, longer.bought);
    double poisson = ActivityCalibration.POISSON.brier(longer.expected, longer.bought);
    double truth = new ActivityCalibration(shape).brier(longer.expected, longer.bought);
    assertThat(calibrated).isLessThan(poisson - 0.01).isCloseTo(truth, within(0.002));
  }

  @Test
  void fitNeverScoresWorseThanThePoissonFormOnItsWindow() {
    // Poisson buyers: nothing to correct; the fit keeps the Poisson form or a shape as good
    Random random = new Random(5);
    int n = 5_000;
    double[] expected = new double[n];
    boolean[] bought = new boolean[n];
    MersenneTwister rng = new MersenneTwister(5);
    for (int i = 0; i < n; i++) {
      expected[i] = 0.05 + 3 * random.nextDouble();
      bought[i] = new PoissonDistribution(rng, expected[i], 1e-12, 10_000).sample() > 0;
    }
    ActivityCalibration fitted = ActivityCalibration.fit(expected, bought);
    assertThat(fitted.brier(expected, bought)).isLessThanOrEqualTo(ActivityCalibration.POISSON.brier(expected, bought));
    assertThat(fitted.shape()).isGreaterThan(5);
    assertThat(ActivityCalibration.fit(new double[0], new boolean[0])).isEqualTo(ActivityCalibration.POISSON);
  }

  private record Window(double[] expected, boolean[] bought) {}

  /**
   * Users with predicted purchase days {@code horizon * m} (m spread over 0.02..4) whose true
   * rate is the prediction times a Gamma(shape, shape) factor fixed per user.
   */
  private static Window gammaPoissonBuyers(int n, double shape, double horizon, long seed) {
    MersenneTwister rng = new MersenneTwister(seed);
    GammaDistribution factor = new GammaDistribution(rng, shape, 1 / shape);
    double[] expected = new double[n];
    boolean[] bought = new boolean[n];
    for (int i = 0; i < n; i++) {
      expected[i] = horizon * 0.02 * Math.pow(200, rng.nextDouble());
      double mean = expected[i] * factor.sample();
      bought[i] = mean > 0 && new PoissonDistribution(rng, mean, 1e-12, 10_000).sample() > 0;
    }
    return new Window(expected, bought);
  }
}
