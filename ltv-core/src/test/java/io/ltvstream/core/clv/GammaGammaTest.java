package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class GammaGammaTest {
  private static final GammaGamma PUBLISHED = new GammaGamma(6.25, 3.74, 15.44);

  @Test
  void conditionalMeanWeighsTheCustomersOwnMeanAgainstThePopulation() {
    // p (gamma + x m) / (p x + q - 1)
    assertThat(PUBLISHED.conditionalExpectedTransactionValue(2, 22.345))
        .isCloseTo(24.659612860892388, within(1e-12));
    assertThat(PUBLISHED.conditionalExpectedTransactionValue(0, 0))
        .isCloseTo(6.25 * 15.44 / 2.74, within(1e-12));
    // many transactions: the customer's own mean wins
    assertThat(PUBLISHED.conditionalExpectedTransactionValue(10_000, 50.0))
        .isCloseTo(50.0, within(0.01));
  }

  @Test
  void fitOnSimulatedSpendFindsAtLeastTheLikelihoodOfTheTruth() {
    GammaGamma truth = new GammaGamma(4, 3, 20);
    Well19937c random = new Well19937c(7);
    GammaDistribution scales = new GammaDistribution(random, truth.q(), 1 / truth.gamma());
    int n = 3000;
    int[] x = new int[n];
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      double nu = scales.sample();
      x[i] = 1 + random.nextInt(6);
      GammaDistribution values = new GammaDistribution(random, truth.p(), 1 / nu);
      double sum = 0;
      for (int k = 0; k < x[i]; k++) {
        sum += values.sample();
      }
      m[i] = sum / x[i];
    }

    Fitted<GammaGamma> fitted = GammaGamma.fit(x, m);

    assertThat(fitted.logLikelihood()).isGreaterThanOrEqualTo(
        GammaGamma.logLikelihood(truth.p(), truth.q(), truth.gamma(), x, m) - 1e-6);
    assertThat(fitted.model().meanTransactionValue())
        .isCloseTo(truth.meanTransactionValue(), within(0.1 * truth.meanTransactionValue()));
    assertThat(fitted.summary()).contains("3000 repeat customers");
  }

  @Test
  void customersWithoutARepeatOrWithZeroSpendAreNotFitted() {
    assertThatThrownBy(() -> GammaGamma.fit(new int[] {0, 0, 3, 2}, new double[] {0, 0, 10, 0}))
        .isInstanceOf(ModelFitException.class).hasMessageContaining("got 1");
  }
}
