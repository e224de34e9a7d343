package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.testdata.Cdnow;
import org.junit.jupiter.api.Test;

/** The published fits on the calibration period of the CDNOW sample (39 weeks). */
class CdnowFitTest {
  private static int[] frequency;
  private static double[] recency;
  private static double[] age;
  private static double[] monetary;

  /** Read lazily in each test, so that without the data every test is skipped saying why. */
  private static synchronized void summarise() {
    if (frequency != null) {
      return;
    }
    CalibrationSet calibration = Cdnow.sampleSplit().calibration();
    int n = calibration.size();
    int[] x = new int[n];
    recency = new double[n];
    age = new double[n];
    monetary = new double[n];
    for (int i = 0; i < n; i++) {
      UserHistory user = calibration.users().get(i);
      RfmSummary rfm = user.rfm();
      x[i] = rfm.frequency();
      recency[i] = rfm.recency();
      age[i] = rfm.age();
      monetary[i] = rfm.monetaryValue();
    }
    frequency = x;
  }

  @Test
  void bgNbdReproducesFaderHardieLee2005() {
    summarise();
    Fitted<TransactionModel> fitted = BgNbd.fitOrLimit(RfmTable.of(frequency, recency, age));
    assertThat(fitted.limit()).isEmpty();
    BgNbd m = (BgNbd) fitted.model();

    assertThat(m.r()).isCloseTo(0.243, withPercentage(0.5));
    assertThat(m.alpha()).isCloseTo(4.414, withPercentage(0.5));
    assertThat(m.a()).isCloseTo(0.793, withPercentage(0.5));
    assertThat(m.b()).isCloseTo(2.426, withPercentage(0.5));
    assertThat(fitted.logLikelihood()).isCloseTo(-9582.43, within(0.01));
  }

  @Test
  void paretoNbdReproducesThePublishedFit() {
    summarise();
    Fitted<TransactionModel> fitted = ParetoNbd.fitOrLimit(RfmTable.of(frequency, recency, age));
    assertThat(fitted.limit()).isEmpty();
    ParetoNbd m = (ParetoNbd) fitted.model();

    assertThat(m.r()).isCloseTo(0.553, withPercentage(1));
    assertThat(m.alpha()).isCloseTo(10.58, withPercentage(1));
    assertThat(m.s()).isCloseTo(0.606, withPercentage(1));
    assertThat(m.beta()).isCloseTo(11.67, withPercentage(1));
    assertThat(fitted.logLikelihood()).isCloseTo(-9594.98, within(0.01));
  }

  /**
   * lifetimes' ModifiedBetaGeoFitter on its CDNOW summary (test_params_out_is_close_to_BTYDplus,
   * after BTYDplus): r 0.525, alpha 6.183, a 0.891, b 1.614, to three decimals.
   */
  @Test
  void mbgNbdReproducesLifetimesAndBtydPlus() {
    summarise();
    Fitted<TransactionModel> fitted = MbgNbd.fitOrLimit(RfmTable.of(frequency, recency, age));
    assertThat(fitted.limit()).isEmpty();
    MbgNbd m = (MbgNbd) fitted.model();

    assertThat(m.r()).isCloseTo(0.525, within(0.0015));
    assertThat(m.alpha()).isCloseTo(6.183, within(0.0015));
    assertThat(m.a()).isCloseTo(0.891, within(0.0015));
    assertThat(m.b()).isCloseTo(1.614, within(0.0015));
  }

  @Test
  void gammaGammaReproducesThePublishedFitOnTheRepeatBuyers() {
    summarise();
    Fitted<GammaGamma> fitted = GammaGamma.fit(frequency, monetary);
    GammaGamma m = fitted.model();

    assertThat(fitted.summary()).contains("946 repeat customers");
    assertThat(m.p()).isCloseTo(6.25, withPercentage(0.5));
    assertThat(m.q()).isCloseTo(3.74, withPercentage(0.5));
    assertThat(m.gamma()).isCloseTo(15.44, withPercentage(0.5));
  }
}
