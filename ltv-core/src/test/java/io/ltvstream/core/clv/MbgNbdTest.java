package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Map;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MBG/NBD against customers simulated from its story (Batislam et al. 2007): the fit recovers
 * the truth, and the conditional expectation, P(any purchase) and the unconditional expectation
 * match what the simulated customers did.
 */
class MbgNbdTest {
  private static final MbgNbd TRUTH = new MbgNbd(0.5, 6.0, 0.9, 1.6);
  private static final int CUSTOMERS = 20_000;
  private static final double HOLDOUT = 39;
  private static final int GROUPS = 4; // x = 0, 1, 2, 3 or more
  private static int[] x;
  private static double[] tx;
  private static double[] age;
  private static int[] holdout;

  @BeforeAll
  static void simulate() {
    RandomGenerator random = new Well19937c(2007);
    GammaDistribution rates = new GammaDistribution(random, TRUTH.r(), 1 / TRUTH.alpha());
    BetaDistribution dropouts = new BetaDistribution(random, TRUTH.a(), TRUTH.b());
    x = new int[CUSTOMERS];
    tx = new double[CUSTOMERS];
    age = new double[CUSTOMERS];
    holdout = new int[CUSTOMERS];
    for (int c = 0; c < CUSTOMERS; c++) {
      age[c] = 26 + 26 * random.nextDouble();
      double lambda = rates.sample();
      double p = dropouts.sample();
      double time = 0;
      // after every purchase, the first at 0 included, the customer drops out with p
      while (random.nextDouble() >= p) {
        time += -Math.log(random.nextDouble()) / lambda;
        if (time > age[c] + HOLDOUT) {
          break;
        }
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
  void theFitRecoversTheTruthWithinThreeStandardErrors() {
    RfmTable data = RfmTable.of(x, tx, age);
    Fitted<TransactionModel> fitted = MbgNbd.fitOrLimit(data);
    assertThat(fitted.limit()).isEmpty();
    Map<String, Double> se = ObservedInformation.standardErrors(fitted.model(), data);

    TRUTH.params().forEach((name, truth) -> assertThat(fitted.model().params().get(name))
        .as(name).isCloseTo(truth, offset(3 * se.get(name))));
    assertThat(fitted.logLikelihood())
        .isGreaterThanOrEqualTo(MbgNbd.logLikelihood(0.5, 6.0, 0.9, 1.6, data));
  }

  @Test
  void conditionalExpectationsAndPurchaseProbabilitiesMatchTheSimulatedHoldout() {
    double[] expected = new double[GROUPS];
    double[] actual = new double[GROUPS];
    double[] squares = new double[GROUPS];
    double[] probability = new double[GROUPS];
    double[] bought = new double[GROUPS];
    int[] count = new int[GROUPS];
    for (int c = 0; c < CUSTOMERS; c++) {
      int g = Math.min(x[c], GROUPS - 1);
      expected[g] += TRUTH.conditionalExpectedTransactions(HOLDOUT, x[c], tx[c], age[c]);
      probability[g] += TRUTH.probabilityOfPurchase(HOLDOUT, x[c], tx[c], age[c]);
      actual[g] += holdout[c];
      squares[g] += holdout[c] * (double) holdout[c];
      bought[g] += holdout[c] > 0 ? 1 : 0;
      count[g]++;
    }
    for (int g = 0; g < GROUPS; g++) {
      double n = count[g];
      double mean = actual[g] / n;
      double meanError = Math.sqrt((squares[g] / n - mean * mean) / n);
      assertThat(expected[g] / n).as("E[Y(t)] of x group %d", g)
          .isCloseTo(mean, offset(4 * meanError));
      double share = bought[g] / n;
      assertThat(probability[g] / n).as("P(purchase) of x group %d", g)
          .isCloseTo(share, offset(4 * Math.sqrt(share * (1 - share) / n)));
    }
  }

  @Test
  void theUnconditionalExpectationMatchesTheCalibrationCounts() {
    double expected = 0;
    double actual = 0;
    double squares = 0;
    for (int c = 0; c < CUSTOMERS; c++) {
      expected += TRUTH.expectedTransactions(age[c]);
      actual += x[c];
      squares += x[c] * (double) x[c];
    }
    double mean = actual / CUSTOMERS;
    double meanError = Math.sqrt((squares / CUSTOMERS - mean * mean) / CUSTOMERS);
    assertThat(expected / CUSTOMERS).isCloseTo(mean, offset(4 * meanError));
  }

  @Test
  void aCustomerWithoutRepeatPurchasesMayHaveDroppedOut() {
    // BG/NBD would say 1; MBG/NBD: 1 / (1 + a/b (alpha+T)^r / alpha^r)
    double expected = 1 / (1 + 0.9 / 1.6 * Math.pow((6.0 + 30) / 6.0, 0.5));
    assertThat(TRUTH.probabilityAlive(0, 0, 30)).isCloseTo(expected, offset(1e-12));
  }
}
