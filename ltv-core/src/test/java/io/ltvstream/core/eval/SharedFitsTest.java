package io.ltvstream.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.core.clv.ModelFitException;
import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.testdata.Cdnow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Fits of one calibration set shared by the predictors that read them (same data, same fit). */
class SharedFitsTest {
  private static CohortSplit freshSampleSplit() throws IOException {
    // not Cdnow.sampleSplit(): that one is shared across the test JVM, and so are its fits
    return CohortSplit.of(CdnowReader.read(Cdnow.sample()).events(), Cdnow.CALIBRATION_END,
        Cdnow.HOLDOUT_END);
  }

  @Test
  void theFourCustomerBaseModelsFitGammaGammaOnceAndPredictAsWithTheirOwnFit() throws IOException {
    CalibrationSet calibration = freshSampleSplit().calibration();
    List<String> lines = new ArrayList<>();
    List<Prediction> predictions = new ArrayList<>();
    for (CustomerBasePredictor predictor : List.of(CustomerBasePredictor.bgNbd(lines::add),
        CustomerBasePredictor.paretoNbd(lines::add), CustomerBasePredictor.mbgNbd(lines::add),
        CustomerBasePredictor.bgBb(lines::add))) {
      predictions.add(predictor.predict(calibration));
    }

    List<String> spendFits = lines.stream().filter(l -> l.startsWith("Gamma-Gamma:")).toList();
    assertThat(spendFits).hasSize(4);
    assertThat(spendFits.get(0)).matches(".*\\(\\d+\\.\\d\\d s\\)");
    assertThat(spendFits.subList(1, 4)).allMatch(l -> l.endsWith("(shared: fitted once on the same data)"));
    for (Prediction p : predictions) {
      assertThat(p.components().get("gammagamma")).isEqualTo(predictions.get(0).components().get("gammagamma"));
      assertThat(p.standardErrors().get("gammagamma"))
          .isEqualTo(predictions.get(0).standardErrors().get("gammagamma"));
    }
    // the last model, alone on a split of its own, fits Gamma-Gamma itself: the same figures
    Prediction alone = CustomerBasePredictor.bgBb(line -> { })
        .predict(freshSampleSplit().calibration());
    assertThat(predictions.get(3).spend()).isEqualTo(alone.spend());
    assertThat(predictions.get(3).aggregateIntervals()).isEqualTo(alone.aggregateIntervals());
  }

  @Test
  void theParetoNbdFitIsTheParetoNbdEntrysOwn() throws IOException {
    CalibrationSet calibration = freshSampleSplit().calibration();
    Prediction entry = CustomerBasePredictor.paretoNbd(line -> { }).predict(calibration);

    assertThat(CustomerBasePredictor.paretoNbdFit(calibration).model().params())
        .isEqualTo(entry.params());
    assertThat(CustomerBasePredictor.gammaGammaFit(calibration).model().params())
        .isEqualTo(entry.components().get("gammagamma"));
  }

  @Test
  void aSharedFitRunsOnceAndAFailureFailsEveryCaller() throws IOException {
    CalibrationSet calibration = freshSampleSplit().calibration();
    AtomicInteger fits = new AtomicInteger();

    assertThat(calibration.hasShared("x")).isFalse();
    assertThat(calibration.<Integer>shared("x", fits::incrementAndGet)).isEqualTo(1);
    assertThat(calibration.<Integer>shared("x", fits::incrementAndGet)).isEqualTo(1);
    assertThat(calibration.hasShared("x")).isTrue();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> calibration.shared("y", () -> {
        fits.incrementAndGet();
        throw new ModelFitException("does not converge");
      })).isInstanceOf(ModelFitException.class).hasMessage("does not converge");
    }
    assertThat(fits).hasValue(2);
  }
}
