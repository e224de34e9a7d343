package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class BgNbdTest {
  /** Fader, Hardie and Lee (2005), fitted on the CDNOW sample. */
  private static final BgNbd PUBLISHED = new BgNbd(0.243, 4.414, 0.793, 2.426);

  @Test
  void conditionalExpectationIsThePublishedCheckValue() {
    assertThat(PUBLISHED.conditionalExpectedTransactions(39, 2, 30.43, 38.86))
        .isCloseTo(1.226, within(0.0005))
        // mpmath, same formula at 30 digits
        .isCloseTo(1.2260281747671444, within(1e-12));
  }

  @Test
  void logLikelihoodMatchesTheClosedFormEvaluatedWithMpmath() {
    assertThat(PUBLISHED.logLikelihood(2, 30.43, 38.86)).isCloseTo(-9.458606307066271, within(1e-12));
    assertThat(PUBLISHED.logLikelihood(7, 35.1, 38.86)).isCloseTo(-22.139790217250437, within(1e-11));
    // x = 0: (alpha / (alpha + T))^r
    assertThat(PUBLISHED.logLikelihood(0, 0, 38.86))
        .isCloseTo(0.243 * Math.log(4.414 / (4.414 + 38.86)), within(1e-14))
        .isCloseTo(-0.5547132764381585, within(1e-12));
  }

  @Test
  void tableLikelihoodIsTheSumOverCustomers() {
    int[] x = {0, 0, 2, 2, 7};
    double[] tx = {0, 0, 30.43, 30.43, 35.1};
    double[] age = {38.86, 38.86, 38.86, 38.86, 38.86};
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += PUBLISHED.logLikelihood(x[i], tx[i], age[i]);
    }
    assertThat(PUBLISHED.logLikelihood(RfmTable.of(x, tx, age))).isCloseTo(sum, within(1e-10));
  }

  @Test
  void aNewCustomerIsExpectedToBuyWhatThePopulationDoes() {
    for (double t : new double[] {1, 39, 78}) {
      assertThat(PUBLISHED.conditionalExpectedTransactions(t, 0, 0, 0))
          .isCloseTo(PUBLISHED.expectedTransactions(t), within(1e-12));
    }
    // Early on nobody has dropped out yet: E[X(t)] ~ r t / alpha for small t.
    assertThat(PUBLISHED.expectedTransactions(1e-4)).isCloseTo(0.243 * 1e-4 / 4.414, within(1e-9));
  }

  @Test
  void probabilityAliveFallsTheLongerACustomerHasBeenSilent() {
    assertThat(PUBLISHED.probabilityAlive(0, 0, 38.86)).isEqualTo(1.0);
    double recent = PUBLISHED.probabilityAlive(5, 38, 38.86);
    double silent = PUBLISHED.probabilityAlive(5, 5, 38.86);
    assertThat(recent).isBetween(0.0, 1.0).isGreaterThan(silent);
  }

  @Test
  void frequentBuyersDoNotOverflow() {
    double expected = PUBLISHED.conditionalExpectedTransactions(39, 150, 38.5, 38.86);
    assertThat(expected).isFinite().isBetween(100.0, 200.0);
  }

  @Test
  void fitOnSimulatedCustomersFindsAtLeastTheLikelihoodOfTheTruth() {
    BgNbd truth = new BgNbd(0.3, 5.0, 0.7, 2.5);
    RfmTable data = simulate(truth, 8000, 39, 42);

    Fitted<BgNbd> fitted = BgNbd.fit(data);

    assertThat(fitted.logLikelihood()).isGreaterThanOrEqualTo(truth.logLikelihood(data) - 1e-6);
    assertThat(fitted.model().r()).isCloseTo(truth.r(), within(0.06));
    assertThat(fitted.model().alpha()).isCloseTo(truth.alpha(), within(1.2));
    assertThat(fitted.model().a()).isCloseTo(truth.a(), within(0.25));
    assertThat(fitted.model().b()).isCloseTo(truth.b(), within(1.2));
  }

  @Test
  void dataWithoutRepeatPurchasesCannotIdentifyTheModelAndTheFitSaysSo() {
    int[] x = new int[50];
    double[] tx = new double[50];
    double[] age = new double[50];
    java.util.Arrays.fill(age, 30);

    assertThatThrownBy(() -> BgNbd.fit(RfmTable.of(x, tx, age)))
        .isInstanceOf(ModelFitException.class)
        .hasMessageContaining("BG/NBD fit did not converge")
        .hasMessageContaining("the data do not identify the model")
        .hasMessageContaining("Tried (BOBYQA in log-parameter space, then Nelder-Mead)")
        .hasMessageContaining("start (r=1.00000, alpha=1.00000, a=1.00000, b=1.00000)")
        .hasMessageContaining("Its no-dropout limit does not fit either: NBD fit did not converge");
  }

  @Test
  void parametersMustBePositive() {
    assertThatThrownBy(() -> new BgNbd(0.2, 4, 0, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a=0.0");
  }

  /** Customers born at 0 observed for T weeks: Poisson purchases, dropout after each repeat. */
  static RfmTable simulate(BgNbd model, int customers, double age, long seed) {
    Well19937c random = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(random, model.r(), 1 / model.alpha());
    BetaDistribution dropout = new BetaDistribution(random, model.a(), model.b());
    int[] x = new int[customers];
    double[] tx = new double[customers];
    double[] ages = new double[customers];
    for (int i = 0; i < customers; i++) {
      double lambda = rates.sample();
      double p = dropout.sample();
      ExponentialDistribution gaps = new ExponentialDistribution(random, 1 / lambda);
      double t = 0;
      while (true) {
        t += gaps.sample();
        if (t > age) {
          break;
        }
        x[i]++;
        tx[i] = t;
        if (random.nextDouble() < p) {
          break;
        }
      }
      ages[i] = age;
    }
    return RfmTable.of(x, tx, ages);
  }
}
