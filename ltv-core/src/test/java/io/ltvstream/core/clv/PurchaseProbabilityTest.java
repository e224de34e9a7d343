package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * P(X(T, T+t) > 0 | x, t_x, T) of each model against customers simulated from that model: in
 * every group of calibration frequency, the mean predicted probability matches the share of
 * simulated customers who buy in the holdout, within four standard errors.
 */
class PurchaseProbabilityTest {
  private static final int CUSTOMERS = 40_000;
  private static final double HOLDOUT = 39;
  private static final int GROUPS = 4; // x = 0, 1, 2, 3 or more

  @Test
  void paretoNbdWithAlphaBelowBeta() {
    // the CDNOW sample's fit: alpha + T < beta + T, the complement branch
    check(new ParetoNbd(0.553, 10.58, 0.606, 11.67), 1);
  }

  @Test
  void paretoNbdWithAlphaAboveBeta() {
    // the CDNOW master's fit: alpha + T > beta + T, the direct branch
    check(new ParetoNbd(0.5974, 11.59, 0.5222, 8.828), 2);
  }

  @Test
  void bgNbd() {
    check(new BgNbd(0.243, 4.414, 0.793, 2.426), 3);
  }

  @Test
  void nbd() {
    check(new Nbd(0.49, 1.0), 4);
  }

  @Test
  void nothingHappensInNoTime() {
    assertThat(new ParetoNbd(0.553, 10.58, 0.606, 11.67).probabilityOfPurchase(0, 2, 10, 30))
        .isZero();
    assertThat(new BgNbd(0.243, 4.414, 0.793, 2.426).probabilityOfPurchase(0, 2, 10, 30)).isZero();
  }

  private static void check(TransactionModel model, long seed) {
    RandomGenerator random = new Well19937c(seed);
    double[] predicted = new double[GROUPS];
    double[] bought = new double[GROUPS];
    int[] count = new int[GROUPS];
    for (int c = 0; c < CUSTOMERS; c++) {
      double age = 26 + 26 * random.nextDouble();
      Customer customer = simulate(model, random, age);
      int g = Math.min(customer.x, GROUPS - 1);
      predicted[g] += model.probabilityOfPurchase(HOLDOUT, customer.x, customer.tx, age);
      bought[g] += customer.boughtInHoldout ? 1 : 0;
      count[g]++;
    }
    for (int g = 0; g < GROUPS; g++) {
      double share = bought[g] / count[g];
      double standardError = Math.sqrt(share * (1 - share) / count[g]);
      assertThat(count[g]).as("customers with x group %d", g).isGreaterThan(500);
      assertThat(predicted[g] / count[g]).as("mean P(purchase) of x group %d", g)
          .isCloseTo(share, org.assertj.core.data.Offset.offset(4 * standardError));
    }
  }

  private record Customer(int x, double tx, boolean boughtInHoldout) {}

  /** One customer from the model's story, first purchase at 0, observed to age, then HOLDOUT. */
  private static Customer simulate(TransactionModel model, RandomGenerator random, double age) {
    double end = age + HOLDOUT;
    double lambda;
    double deathTime = Double.POSITIVE_INFINITY; // Pareto/NBD: exponential lifetime
    double dropAfterPurchase = 0; // BG/NBD: dropout after each repeat purchase
    switch (model) {
      case ParetoNbd p -> {
        lambda = gamma(random, p.r(), p.alpha());
        deathTime = -Math.log(random.nextDouble()) / gamma(random, p.s(), p.beta());
      }
      case BgNbd b -> {
        lambda = gamma(random, b.r(), b.alpha());
        dropAfterPurchase = new BetaDistribution(random, b.a(), b.b()).sample();
      }
      case Nbd n -> lambda = gamma(random, n.r(), n.alpha());
      default -> throw new IllegalArgumentException(model.toString());
    }
    int x = 0;
    double tx = 0;
    boolean holdout = false;
    double time = 0;
    while (true) {
      time += -Math.log(random.nextDouble()) / lambda;
      if (time > end || time > deathTime) {
        break;
      }
      if (time <= age) {
        x++;
        tx = time;
      } else {
        holdout = true;
        break;
      }
      if (random.nextDouble() < dropAfterPurchase) {
        break;
      }
    }
    return new Customer(x, tx, holdout);
  }

  private static double gamma(RandomGenerator random, double shape, double rate) {
    return new GammaDistribution(random, shape, 1 / rate).sample();
  }
}
