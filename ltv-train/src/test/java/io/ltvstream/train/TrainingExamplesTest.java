package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.testdata.Cdnow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Examples cut from the CDNOW sample's calibration period. */
class TrainingExamplesTest {
  private static final int STEP_DAYS = 28;
  private static CohortSplit sample;
  private static Instant calibrationCutoff;

  @BeforeAll
  static void load() throws Exception {
    sample = Cdnow.sampleSplit();
    calibrationCutoff = Cdnow.CALIBRATION_END.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  @Test
  void validationExamplesCoverTheWindowAfterTheTrainingEnd() {
    TrainingExamples examples = TrainingExamples.build(Cdnow.histories(sample), calibrationCutoff, 91,
        STEP_DAYS, null);
    assertThat(examples.validation).isNotEmpty()
        .allSatisfy(e -> assertThat(e.horizonDays()).isEqualTo(91f));
    // training labels end where the validation window begins
    assertThat(examples.training).allSatisfy(e -> assertThat(e.horizonDays()).isGreaterThanOrEqualTo(STEP_DAYS));
  }

  @Test
  void withoutValidationTheCutoffsReachTheCalibrationEnd() {
    List<List<EngineeredEvent>> histories = Cdnow.histories(sample);
    TrainingExamples split = TrainingExamples.build(histories, calibrationCutoff, 91, STEP_DAYS, null);
    TrainingExamples all = TrainingExamples.build(histories, calibrationCutoff, 0, STEP_DAYS, null);
    assertThat(all.validation).isEmpty();
    // the latest cutoff is one step before the calibration end: its horizon is one step long
    assertThat(all.training).extracting(TrainingExamples.Example::horizonDays).contains((float) STEP_DAYS);
    assertThat(all.training.size()).isGreaterThan(split.training.size());
  }

  @Test
  void anEventAfterTheCalibrationEndChangesNoLabelAndIsRefusedAsState() {
    List<List<EngineeredEvent>> histories = Cdnow.histories(sample);
    List<List<EngineeredEvent>> leaking = new ArrayList<>(histories);
    List<EngineeredEvent> user = new ArrayList<>(histories.get(0));
    user.add(EngineeredEvent.newBuilder(user.get(0)).setEventTime(calibrationCutoff.plusSeconds(3600))
        .setAmountBase(10_000.0).build());
    leaking.set(0, user);
    for (int validationDays : new int[] {91, 0}) {
      assertThat(labels(TrainingExamples.build(leaking, calibrationCutoff, validationDays, STEP_DAYS, null)))
          .as("validation days %d", validationDays)
          .isEqualTo(labels(TrainingExamples.build(histories, calibrationCutoff, validationDays, STEP_DAYS, null)));
    }
    assertThatThrownBy(() -> TrainingExamples.latest(leaking, calibrationCutoff, 91, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after the calibration end");
  }

  private static List<List<Float>> labels(TrainingExamples examples) {
    List<List<Float>> labels = new ArrayList<>();
    for (List<TrainingExamples.Example> list : List.of(examples.training, examples.validation)) {
      for (TrainingExamples.Example e : list) {
        labels.add(List.of(e.count(), e.spend(), e.horizonDays(), (float) e.events()));
      }
    }
    return labels;
  }
}
