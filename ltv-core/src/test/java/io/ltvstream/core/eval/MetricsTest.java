package io.ltvstream.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every metric on examples small enough to compute by hand (the comments show the working). */
class MetricsTest {
  private static final double[] PREDICTED = {3, 1, 2, 0};
  private static final double[] ACTUAL = {2, 0, 5, 1};

  @Test
  void errors() {
    // |3-2| + |1-0| + |2-5| + |0-1| = 6 over 4 users
    assertThat(Metrics.mae(PREDICTED, ACTUAL)).isEqualTo(1.5);
    // (1 + 1 + 9 + 1) / 4 = 3
    assertThat(Metrics.rmse(PREDICTED, ACTUAL)).isCloseTo(Math.sqrt(3), within(1e-15));
    // (6 - 8) / 8
    assertThat(Metrics.aggregateError(PREDICTED, ACTUAL)).isEqualTo(-0.25);
  }

  @Test
  void spearman() {
    // ranks [4, 2, 3, 1] and [3, 1, 4, 2]: sum d^2 = 4, 1 - 6*4 / (4*15) = 0.6
    assertThat(Metrics.spearman(PREDICTED, ACTUAL)).isCloseTo(0.6, within(1e-15));
  }

  @Test
  void spearmanGivesTiesTheirAverageRank() {
    // ranks [3.5, 3.5, 1.5, 1.5] and [4, 2, 2, 2]: covariance 2, variances 4 and 3
    assertThat(Metrics.spearman(new double[] {1, 1, 0, 0}, new double[] {4, 0, 0, 0}))
        .isCloseTo(2 / Math.sqrt(12), within(1e-15));
  }

  @Test
  void normalizedGini() {
    // by prediction: actuals [2, 5, 0, 1], cumulative shares .25 .875 .875 1, raw 2*.75-1 = .5
    // perfect: [5, 2, 1, 0], shares .625 .875 1 1, raw 2*.875-1 = .75
    assertThat(Metrics.normalizedGini(PREDICTED, ACTUAL)).isCloseTo(0.5 / 0.75, within(1e-15));
    assertThat(Metrics.normalizedGini(ACTUAL, ACTUAL)).isEqualTo(1.0);
  }

  @Test
  void giniAveragesOverTheOrdersOfTiedPredictions() {
    // tied block {4, 0} counts as [2, 2]: shares .5 1 1 1, raw .75; perfect [4,0,0,0] raw 1.
    // Sorting alone would give 1.0 or 0.5 depending on the input order.
    assertThat(Metrics.normalizedGini(new double[] {1, 1, 0, 0}, new double[] {4, 0, 0, 0}))
        .isCloseTo(0.75, within(1e-15));
    assertThat(Metrics.normalizedGini(new double[] {1, 1, 0, 0}, new double[] {0, 4, 0, 0}))
        .isCloseTo(0.75, within(1e-15));
  }

  @Test
  void aConstantPredictionScoresTheFormulasFloorOfOneOverN() {
    // all tied: shares .25 .5 .75 1, raw 2*.625-1 = 1/n = .25; perfect raw 1
    assertThat(Metrics.normalizedGini(new double[4], new double[] {4, 0, 0, 0}))
        .isCloseTo(0.25, within(1e-15));
    assertThat(Metrics.spearman(new double[4], new double[] {4, 0, 0, 0})).isNaN();
  }

  @Test
  void allZeroActualsLeaveTheRelativeMetricsUndefined() {
    double[] zeros = new double[4];
    assertThat(Metrics.mae(PREDICTED, zeros)).isEqualTo(1.5);
    assertThat(Metrics.rmse(PREDICTED, zeros)).isCloseTo(Math.sqrt(14 / 4.0), within(1e-15));
    assertThat(Metrics.normalizedGini(PREDICTED, zeros)).isNaN();
    assertThat(Metrics.aggregateError(PREDICTED, zeros)).isNaN();
    assertThat(Metrics.spearman(PREDICTED, zeros)).isNaN();
    assertThat(Metrics.topDecileShare(PREDICTED, zeros)).isNaN();
    assertThat(Metrics.decileMape(PREDICTED, zeros)).isNaN();
  }

  @Test
  void topDecileShare() {
    // 20 users ranked perfectly: the top two hold 19 + 18 of 190
    double[] values = new double[20];
    for (int i = 0; i < 20; i++) {
      values[i] = i;
    }
    assertThat(Metrics.topDecileShare(values, values)).isCloseTo(37 / 190.0, within(1e-15));
    // 4 users: the top tenth is 0.4 of the top user, who bought 2 of 8
    assertThat(Metrics.topDecileShare(PREDICTED, ACTUAL)).isCloseTo(0.1, within(1e-15));
    // nothing predicted: a random tenth
    assertThat(Metrics.topDecileShare(new double[20], values)).isCloseTo(0.1, within(1e-15));
  }

  @Test
  void decileMapeLeavesOutDecilesThatBoughtNothing() {
    // one user per decile, predictions 1..10, actuals 2 except the top user's 0:
    // |d - 2| / 2 for d = 1..9 sums to 14.5 over 9 deciles
    double[] predicted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] actual = {2, 2, 2, 2, 2, 2, 2, 2, 2, 0};
    assertThat(Metrics.decileMape(predicted, actual)).isCloseTo(14.5 / 9, within(1e-15));
  }

  @Test
  void decilesAreEqualGroupsByPredictionLowestFirst() {
    double[] predicted = new double[20];
    double[] actual = new double[20];
    for (int i = 0; i < 20; i++) {
      predicted[i] = 19 - i;
      actual[i] = 2 * (19 - i);
    }
    Metrics.Deciles deciles = Metrics.deciles(predicted, actual);
    assertThat(deciles.count()).containsOnly(2);
    assertThat(deciles.predictedMean()[0]).isEqualTo(0.5);
    assertThat(deciles.actualMean()[9]).isEqualTo(37.0);
    assertThat(Metrics.decileMape(predicted, actual)).isCloseTo(0.5, within(1e-15));
  }

  @Test
  void gainCurveEndsAtOne() {
    assertThat(Metrics.gainCurve(PREDICTED, ACTUAL)).containsExactly(0.25, 0.875, 0.875, 1.0);
  }

  @Test
  void mismatchedOrEmptyInputsAreRejected() {
    assertThatThrownBy(() -> Metrics.mae(new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 predictions for 3");
    assertThatThrownBy(() -> Metrics.mae(new double[0], new double[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no users");
  }

  @Test
  void brierAndLogLossOfAnyPurchase() {
    double[] probability = {0.9, 0.2, 0.5, 0};
    boolean[] bought = {true, false, true, true};
    // (0.01 + 0.04 + 0.25 + 1) / 4
    assertThat(Metrics.brier(probability, bought)).isCloseTo(0.325, within(1e-15));
    // -(ln 0.9 + ln 0.8 + ln 0.5 + ln 1e-15) / 4: the sure miss is clipped, not infinite
    assertThat(Metrics.logLoss(probability, bought)).isCloseTo(
        -(Math.log(0.9) + Math.log(0.8) + Math.log(0.5) + Math.log(1e-15)) / 4, within(1e-12));
  }

  @Test
  void reliabilityBinsByPredictedProbability() {
    double[] probability = {0.05, 0.08, 0.55, 0.95, 1.0};
    boolean[] bought = {false, true, true, true, false};
    Metrics.Reliability r = Metrics.reliability(probability, bought);
    assertThat(r.count()).containsExactly(2, 0, 0, 0, 0, 1, 0, 0, 0, 2);
    assertThat(r.meanPredicted()[0]).isCloseTo(0.065, within(1e-15));
    assertThat(r.observedShare()[0]).isEqualTo(0.5);
    assertThat(r.observedShare()[1]).isNaN();
    // 1.0 falls in the last bin with 0.95
    assertThat(r.meanPredicted()[9]).isCloseTo(0.975, within(1e-15));
    assertThat(r.observedShare()[9]).isEqualTo(0.5);
  }

  @Test
  void quantileShareCountsTiesAtZeroByTheRandomisedPit() {
    double[] p10 = {0, 0, 4, 0};
    double[] actual = {0, 3, 4, -1};
    double[] probabilityOfZero = {0.4, 0.4, 0.05, 0.4};
    // user 0: a tie at zero, P(zero) 0.4 > 0.1: its PIT is uniform on [0, 0.4], at or below 0.1
    // with probability 0.25; user 1: 3 > 0, above; user 2: 4 <= 4; user 3: -1 < 0, below
    assertThat(Metrics.quantileShare(p10, actual, 0.1, probabilityOfZero))
        .isCloseTo((0.25 + 0 + 1 + 1) / 4, within(1e-15));
    // without the probability of zero the tie counts as at or below
    assertThat(Metrics.quantileShare(p10, actual, 0.1, null)).isEqualTo(0.75);
  }

  @Test
  void pinballLoss() {
    double[] quantile = {2, 2, 0};
    double[] actual = {5, 1, 0};
    // level 0.9: 0.9 * 3 above, 0.1 * 1 below, 0 at: (2.7 + 0.1) / 3
    assertThat(Metrics.pinball(quantile, actual, 0.9)).isCloseTo(2.8 / 3, within(1e-15));
  }

  @Test
  void ranksOfManyTiedValuesAreTheirAverageRanks() {
    // a million users' predictions have long runs of ties (every one-time buyer alike)
    java.util.Random random = new java.util.Random(3);
    double[] values = new double[10_007];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(50) / 7.0 - (random.nextInt(4) == 0 ? 0.0 : 3);
    }

    double[] ranks = Metrics.ranks(values);

    for (int i = 0; i < values.length; i++) {
      int below = 0;
      int equal = 0;
      for (double v : values) {
        below += v < values[i] ? 1 : 0;
        equal += v == values[i] ? 1 : 0;
      }
      assertThat(ranks[i]).as("value %d", i).isEqualTo(below + (equal + 1) / 2.0);
    }
  }
}
