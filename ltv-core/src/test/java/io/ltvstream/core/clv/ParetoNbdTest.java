package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.apache.commons.math3.special.Gamma.logGamma;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.Test;

class ParetoNbdTest {
  /** Published fit on the CDNOW sample: alpha &lt; beta. */
  private static final ParetoNbd SAMPLE = new ParetoNbd(0.553, 10.58, 0.606, 11.67);
  /** The fit on the CDNOW master: alpha &gt; beta, the other branch of A0. */
  private static final ParetoNbd MASTER = new ParetoNbd(0.5974, 11.5857, 0.5222, 8.8277);

  @Test
  void logLikelihoodMatchesThePublishedFormulaEvaluatedWithMpmath() {
    assertThat(SAMPLE.logLikelihood(2, 30.43, 38.86)).isCloseTo(-9.554246553409405, within(1e-11));
    assertThat(SAMPLE.logLikelihood(0, 0, 38.86)).isCloseTo(-0.5210064705683345, within(1e-11));
    assertThat(SAMPLE.logLikelihood(40, 37.5, 38.86)).isCloseTo(-49.54683080136636, within(1e-10));
    assertThat(MASTER.logLikelihood(2, 30.43, 38.86)).isCloseTo(-9.519467489225407, within(1e-11));
    assertThat(MASTER.logLikelihood(40, 37.5, 38.86)).isCloseTo(-50.13779321915389, within(1e-10));
  }

  @Test
  void likelihoodEqualsTheIntegralOverTheDeathTimeWithoutAny2F1() {
    // CDNOW's two branches of A0, and each branch with its 2F1 argument within 1e-4 of 1: purchase
    // rates all alike (alpha far above beta), and dropout nearly gone (beta far above alpha).
    ParetoNbd homogeneousRates = new ParetoNbd(2e4, 1e5, 0.6, 0.01);
    ParetoNbd nearlyNoDropout = new ParetoNbd(0.8, 1.5, 1e-3, 1e8);
    for (ParetoNbd m : new ParetoNbd[] {SAMPLE, MASTER, homogeneousRates, nearlyNoDropout}) {
      for (double[] c : new double[][] {{1, 3.2, 38.86}, {5, 20, 30}, {12, 31.5, 38.86}}) {
        int x = (int) c[0];
        double tx = c[1];
        double age = c[2];
        // alive at T, or dead at tau in (t_x, T): s beta^s (beta+tau)^-(s+1) (alpha+tau)^-(r+x),
        // both with the constant alpha^r beta^s taken in, which keeps them in range for large r
        double alive = scaledPower(m.alpha(), age, m.r(), x)
            * Math.pow(m.beta() / (m.beta() + age), m.s());
        double died = new IterativeLegendreGaussIntegrator(32, 1e-14, 1e-16).integrate(10_000,
            tau -> m.s() / (m.beta() + tau) * Math.pow(m.beta() / (m.beta() + tau), m.s())
                * scaledPower(m.alpha(), tau, m.r(), x), tx, age);
        double expected = logGamma(m.r() + x) - logGamma(m.r()) + Math.log(alive + died);
        assertThat(m.logLikelihood(x, tx, age)).as("%s x=%d t_x=%s T=%s", m, x, tx, age)
            .isCloseTo(expected, within(1e-10));
      }
    }
  }

  /** alpha^r (alpha+y)^-(r+x). */
  private static double scaledPower(double alpha, double y, double r, int x) {
    return Math.exp(-r * Math.log1p(y / alpha) - x * Math.log(alpha + y));
  }

  @Test
  void conditionalExpectationAndProbabilityAliveMatchMpmath() {
    assertThat(SAMPLE.probabilityAlive(2, 30.43, 38.86)).isCloseTo(0.8691714821202602, within(1e-11));
    assertThat(SAMPLE.conditionalExpectedTransactions(39, 2, 30.43, 38.86))
        .isCloseTo(1.4550751992658419, within(1e-11));
  }

  @Test
  void aNewCustomerIsExpectedToBuyWhatThePopulationDoes() {
    for (double t : new double[] {1, 39, 78}) {
      assertThat(SAMPLE.conditionalExpectedTransactions(t, 0, 0, 0))
          .isCloseTo(SAMPLE.expectedTransactions(t), within(1e-12));
    }
  }

  @Test
  void expectationIsContinuousAtSEqualToOne() {
    double atOne = new ParetoNbd(0.5, 10, 1, 12).expectedTransactions(39);
    double near = new ParetoNbd(0.5, 10, 1 + 1e-7, 12).expectedTransactions(39);
    assertThat(atOne).isCloseTo(0.5 * 12 / 10 * Math.log((12 + 39) / 12.0), within(1e-12));
    assertThat(near).isCloseTo(atOne, within(1e-6));
  }

  @Test
  void tableLikelihoodIsTheSumOverCustomers() {
    int[] x = {0, 0, 2, 2, 7, 40};
    double[] tx = {0, 0, 30.43, 12, 35.1, 37.5};
    double[] age = {38.86, 30, 38.86, 38.86, 38.86, 38.86};
    for (ParetoNbd m : new ParetoNbd[] {SAMPLE, MASTER}) {
      double sum = 0;
      for (int i = 0; i < x.length; i++) {
        sum += m.logLikelihood(x[i], tx[i], age[i]);
      }
      assertThat(m.logLikelihood(RfmTable.of(x, tx, age))).isCloseTo(sum, within(1e-10));
    }
  }
}
