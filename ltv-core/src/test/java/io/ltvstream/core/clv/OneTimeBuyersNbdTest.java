package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.Map;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MBG/NBD's two-point dropout boundary (a, b -> 0): a share of one-time buyers, gone after their
 * first purchase, and customers who never drop out, as on wholesale buyers. MBG/NBD's fit used to
 * fail there ("the data do not identify the model"); it is now reported as the limit, the NBD
 * with one-time buyers, which predicts the holdout.
 */
class OneTimeBuyersNbdTest {
  private static final OneTimeBuyersNbd TRUTH = new OneTimeBuyersNbd(0.5, 1.0, 0.3);
  private static final int CUSTOMERS = 4_000;
  private static final double HOLDOUT = 39;
  private static int[] x;
  private static double[] tx;
  private static double[] age;
  private static int[] holdout;

  @BeforeAll
  static void simulate() {
    RandomGenerator random = new Well19937c(2026);
    GammaDistribution rates = new GammaDistribution(random, TRUTH.r(), 1 / TRUTH.alpha());
    x = new int[CUSTOMERS];
    tx = new double[CUSTOMERS];
    age = new double[CUSTOMERS];
    holdout = new int[CUSTOMERS];
    for (int c = 0; c < CUSTOMERS; c++) {
      age[c] = 26 + 52 * random.nextDouble();
      double lambda = rates.sample();
      if (random.nextDouble() < TRUTH.pi()) {
        continue; // a one-time buyer
      }
      for (double time = -Math.log(random.nextDouble()) / lambda; time <= age[c] + HOLDOUT;
          time += -Math.log(random.nextDouble()) / lambda) {
        if (time <= age[c]) {
          x[c]++;
          tx[c] = time;
        } else {
          holdout[c]++;
        }
      }
    }
  }

  @Test
  void mbgNbdIsReportedAsTheLimitWithTheTrueShareOfOneTimeBuyers() {
    RfmTable data = RfmTable.of(x, tx, age);
    Fitted<TransactionModel> fitted = MbgNbd.fitOrLimit(data);

    assertThat(fitted.limit()).hasValueSatisfying(limit -> {
      assertThat(limit.model()).isEqualTo("NBD with one-time buyers");
      assertThat(limit.boundary()).isEqualTo("a, b -> 0");
      assertThat(limit.warning()).startsWith("MBG/NBD reached its two-point dropout limit");
    });
    assertThat(fitted.model()).isInstanceOf(OneTimeBuyersNbd.class);
    Map<String, Double> se = ObservedInformation.standardErrors(fitted.model(), data);
    TRUTH.params().forEach((name, truth) -> assertThat(fitted.model().params().get(name))
        .as(name).isCloseTo(truth, offset(3 * se.get(name))));

    double predicted = 0;
    long actual = 0;
    for (int c = 0; c < CUSTOMERS; c++) {
      predicted += fitted.model().conditionalExpectedTransactions(HOLDOUT, x[c], tx[c], age[c]);
      actual += holdout[c];
    }
    assertThat(predicted).isCloseTo(actual, withPercentage(3));
  }

  @Test
  void itIsMbgNbdAtTheBoundary() {
    RfmTable data = RfmTable.of(x, tx, age);
    double eps = 1e-6;
    MbgNbd near = new MbgNbd(TRUTH.r(), TRUTH.alpha(), TRUTH.pi() * eps, (1 - TRUTH.pi()) * eps);

    assertThat(TRUTH.logLikelihood(data)).isCloseTo(near.logLikelihood(data), offset(0.01));
    for (int[] history : new int[][] {{0, 0, 30}, {0, 0, 70}, {3, 10, 40}, {40, 60, 70}}) {
      int xs = history[0];
      assertThat(TRUTH.probabilityAlive(xs, history[1], history[2]))
          .isCloseTo(near.probabilityAlive(xs, history[1], history[2]), offset(1e-4));
      assertThat(TRUTH.probabilityOfPurchase(HOLDOUT, xs, history[1], history[2]))
          .isCloseTo(near.probabilityOfPurchase(HOLDOUT, xs, history[1], history[2]),
              offset(1e-4));
    }
    assertThat(TRUTH.expectedTransactions(HOLDOUT))
        .isCloseTo(near.expectedTransactions(HOLDOUT), withPercentage(0.1));
  }
}
