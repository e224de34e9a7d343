package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.clv.ParetoNbd;
import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.CustomerBasePredictor;
import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.testdata.Cdnow;
import io.ltvstream.model.Baseline;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Evaluate hands the trainer the {@code paretonbd} entry's Pareto/NBD and Gamma-Gamma fits as the
 * network's baseline instead of letting it fit them again over every user: they are the fits the
 * trainer makes itself, so the bundle is the same.
 */
class SharedBaselineTest {
  @Test
  void theEvaluationsSharedFitsAreTheBaselineTheTrainerFitsOnCdnowMaster() throws IOException {
    CohortSplit split = CohortSplit.of(
        CdnowReader.readColumns(Cdnow.master(), records -> { }).events(), Cdnow.CALIBRATION_END,
        Cdnow.HOLDOUT_END);
    CalibrationSet calibration = split.calibration();
    List<List<EngineeredEvent>> histories = Cdnow.histories(split);

    Baseline own = LtvTrainer.fitBaselineOrThrow(histories, calibration.calibrationCutoff());
    Baseline shared = new Baseline(
        ParetoNbd.withoutLimit(CustomerBasePredictor.paretoNbdFit(calibration)).model(),
        CustomerBasePredictor.gammaGammaFit(calibration).model());

    assertThat(shared.params()).isEqualTo(own.params());
  }
}
