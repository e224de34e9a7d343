package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Poisson regression slope recovers the slope that generated the counts, and never turns a ranking over. */
class PoissonSlopeTest {
  @Test
  void recoversTheSlopeOfSimulatedCounts() {
    for (double slope : new double[] {0.6, 1.0, 1.3}) {
      assertThat(PoissonSlope.fit(simulate(slope, 40_000, 11))).as("slope %s", slope)
          .isCloseTo(slope, within(0.03));
    }
  }

  /**
   * Counts that fall as the prediction rises (a network with no usable ranking, as a one-epoch
   * training can give): a negative power would serve its ranking upside down, so the slope stops
   * at 0, the best fit that keeps the order (flat predictions).
   */
  @Test
  void countsThatFallWithThePredictionGiveASlopeOfZeroNotANegativeOne() {
    List<double[]> rows = simulate(-0.8, 20_000, 12);
    assertThat(PoissonSlope.fit(rows)).isEqualTo(0);
  }

  @Test
  void rowsThatCannotIdentifyASlopeGiveOne() {
    assertThat(PoissonSlope.fit(List.of())).isEqualTo(1);
    assertThat(PoissonSlope.fit(List.of(new double[] {0.5, 0}, new double[] {1.5, 0}))).isEqualTo(1);
    assertThat(PoissonSlope.fit(List.of(new double[] {0.5, 1}, new double[] {0.5, 3}))).isEqualTo(1);
  }

  /** x uniform in [-2, 1]; counts Poisson with mean exp(0.2 + slope x). */
  private static List<double[]> simulate(double slope, int n, long seed) {
    Random random = new Random(seed);
    List<double[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double x = -2 + 3 * random.nextDouble();
      rows.add(new double[] {x, poisson(Math.exp(0.2 + slope * x), random)});
    }
    return rows;
  }

  private static int poisson(double mean, Random random) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }
}
