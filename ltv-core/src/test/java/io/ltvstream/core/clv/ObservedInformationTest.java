package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.testdata.Cdnow;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/** Standard errors from the observed information against published and analytic values. */
class ObservedInformationTest {
  @Test
  void bgNbdOnTheCdnowSampleMatchesLifetimes() {
    RfmTable data = cdnowSample();
    Map<String, Double> se = ObservedInformation.standardErrors(BgNbd.fit(data).model(), data);

    // lifetimes' BetaGeoFitter summary on the CDNOW sample (its README): se(coef) r 0.012557,
    // alpha 0.378221, a 0.185719, b 0.705345
    assertThat(se.get("r")).isCloseTo(0.012557, withPercentage(1));
    assertThat(se.get("alpha")).isCloseTo(0.378221, withPercentage(1));
    assertThat(se.get("a")).isCloseTo(0.185719, withPercentage(1));
    assertThat(se.get("b")).isCloseTo(0.705345, withPercentage(1));
  }

  @Test
  void paretoNbdOnTheCdnowSampleMatchesClvTools() {
    RfmTable data = cdnowSample();
    Map<String, Double> se = ObservedInformation.standardErrors(ParetoNbd.fit(data).model(), data);

    // CLVTools' tests (test_correctness_pnbd.R): r 0.0476264, alpha 0.8427222, s 0.1872594,
    // beta 6.2105448 on the same 2,357 customers
    assertThat(se.get("r")).isCloseTo(0.0476264, withPercentage(2));
    assertThat(se.get("alpha")).isCloseTo(0.8427222, withPercentage(2));
    assertThat(se.get("s")).isCloseTo(0.1872594, withPercentage(2));
    assertThat(se.get("beta")).isCloseTo(6.2105448, withPercentage(2));
  }

  private static RfmTable cdnowSample() {
    CalibrationSet calibration = Cdnow.sampleSplit().calibration();
    int n = calibration.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] age = new double[n];
    for (int i = 0; i < n; i++) {
      RfmSummary rfm = calibration.users().get(i).rfm();
      x[i] = rfm.frequency();
      tx[i] = rfm.recency();
      age[i] = rfm.age();
    }
    return RfmTable.of(x, tx, age);
  }

  @Test
  void nbdMatchesItsAnalyticInformation() {
    NoDropoutCustomers customers = NoDropoutCustomers.simulate(new Nbd(0.5, 1.0), 3000, 39, 20);
    RfmTable data = RfmTable.of(customers.frequency(), customers.recency(), customers.age());
    Nbd fit = Nbd.fit(data).model();
    double r = fit.r();
    double alpha = fit.alpha();
    // -d2 LL: sum of psi1(r) - psi1(r+x); r/alpha^2 - (r+x)/(alpha+T)^2; -(1/alpha - 1/(alpha+T))
    double rr = 0;
    double aa = 0;
    double ra = 0;
    for (int i = 0; i < customers.frequency().length; i++) {
      int xi = customers.frequency()[i];
      double t = customers.age()[i];
      rr += Gamma.trigamma(r) - Gamma.trigamma(r + xi);
      aa += r / (alpha * alpha) - (r + xi) / ((alpha + t) * (alpha + t));
      ra += -(1 / alpha - 1 / (alpha + t));
    }
    double determinant = rr * aa - ra * ra;

    Map<String, Double> se = ObservedInformation.standardErrors(fit, data);

    assertThat(se.get("r")).isCloseTo(Math.sqrt(aa / determinant), withPercentage(0.1));
    assertThat(se.get("alpha")).isCloseTo(Math.sqrt(rr / determinant), withPercentage(0.1));
  }

  /**
   * The delta method's interval on a cohort's expected holdout total (what the evaluation reports
   * per model) covers the total at the true parameters about 95% of the time: over 12 simulated
   * cohorts of 1,000 BG/NBD customers, at least 9 (fewer has probability 0.2% if the coverage is
   * 95%; an interval half as wide would cover about 68%, 9 or more in 40% of runs).
   */
  @Test
  void theDeltaMethodIntervalOnTheHoldoutTotalCoversTheTruth() {
    BgNbd truth = new BgNbd(0.25, 4.0, 0.8, 2.5);
    int covered = 0;
    for (int replicate = 0; replicate < 12; replicate++) {
      RfmTable data = BgNbdTest.simulate(truth, 1000, 39, 500 + replicate);
      TransactionModel fit = BgNbd.fitOrLimit(data).model();
      ToDoubleFunction<TransactionModel> total = m -> {
        double sum = 0;
        for (int i = 0; i < data.rows(); i++) {
          sum += data.weight(i)
              * m.conditionalExpectedTransactions(39, data.frequency(i), data.recency(i),
                  data.age(i));
        }
        return sum;
      };
      double se = ObservedInformation.covariance(fit, data).standardError(total);
      assertThat(se).isPositive();
      if (Math.abs(total.applyAsDouble(fit) - total.applyAsDouble(truth)) <= 1.96 * se) {
        covered++;
      }
    }
    assertThat(covered).isGreaterThanOrEqualTo(9);
  }

  @Test
  void aFlatDirectionGivesNoStandardError() {
    // the likelihood does not depend on the second parameter at all
    double[] se = ObservedInformation.standardErrors(p -> -(p[0] - 2) * (p[0] - 2),
        new double[] {2, 5});
    assertThat(se[0]).isNaN();
    assertThat(se[1]).isNaN();
  }
}
