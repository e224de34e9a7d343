package io.ltvstream.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.core.testdata.Cdnow;
import org.junit.jupiter.api.Test;

/** The standard 39/39-week split of the CDNOW sample, as its README documents it. */
class CdnowSplitTest {
  @Test
  void cohortIsEveryUserOfTheSample() {
    CohortSplit split = Cdnow.sampleSplit();

    assertThat(split.calibration().size()).isEqualTo(2357);
    assertThat(split.eventsRead()).isEqualTo(6919);
    assertThat(split.eventsAfterHoldout()).isZero();
    assertThat(split.calibration().holdoutWeeks()).isEqualTo(39.0);
  }

  @Test
  void calibrationHasThePublishedRepeatTransactions() {
    int repeats = Cdnow.sampleSplit().calibration().users().stream()
        .mapToInt(u -> u.rfm().frequency()).sum();

    assertThat(repeats).isEqualTo(2457);
  }

  @Test
  void holdoutActualsMatchThePublishedTotals() {
    HoldoutActuals actuals = Cdnow.sampleSplit().actuals();

    assertThat(actuals.totalTransactions()).isEqualTo(1882.0);
    assertThat(actuals.totalSpend()).isCloseTo(70976.39, within(0.005));
  }

  @Test
  void noCalibrationEventIsFromTheHoldout() {
    CalibrationSet calibration = Cdnow.sampleSplit().calibration();

    assertThat(calibration.users()).allSatisfy(u -> assertThat(u.events()).allSatisfy(
        e -> assertThat(e.getEventTime()).isBefore(calibration.calibrationCutoff())));
  }

  @Test
  void firstUserOfTheSampleIsSummarisedInWeeks() {
    // 00004: 1997-01-01, 01-18, 08-02 in calibration; 1997-12-12 in the holdout.
    UserHistory user = Cdnow.sampleSplit().calibration().users().get(0);

    assertThat(user.userId()).isEqualTo("00004");
    assertThat(user.rfm().frequency()).isEqualTo(2);
    assertThat(user.rfm().recency()).isCloseTo(213 / 7.0, within(1e-12));
    assertThat(user.rfm().age()).isCloseTo(272 / 7.0, within(1e-12));
    assertThat(user.rfm().monetaryValue()).isCloseTo((29.73 + 14.96) / 2, within(1e-9));
    assertThat(Cdnow.sampleSplit().actuals().transactions()[0]).isEqualTo(1.0);
    assertThat(Cdnow.sampleSplit().actuals().spend()[0]).isCloseTo(26.48, within(1e-9));
  }

  @Test
  void trackingEndsWithAllRepeatTransactionsOfBothPeriods() {
    double[] tracking = Cdnow.sampleSplit().actualCumulativeTracking();

    assertThat(tracking).hasSize(78);
    assertThat(tracking[38]).isEqualTo(2457.0);
    assertThat(tracking[77]).isEqualTo(2457.0 + 1882.0);
  }
}
