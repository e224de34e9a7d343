package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.core.eval.ModelEvaluation;
import io.ltvstream.core.eval.NaivePredictor;
import io.ltvstream.core.eval.ZeroPredictor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationRunnerTest {
  @Test
  void lstmComesFirstAndTheOthersKeepTheirOrder() {
    List<String> progress = new ArrayList<>();
    Evaluation evaluation = SmallEvaluation.run(progress);

    assertThat(evaluation.models()).extracting(ModelEvaluation::name)
        .containsExactly("lstm", "bgnbd", "paretonbd", "naive", "zero");
    assertThat(progress).contains("evaluate [1/5] lstm: predicting 12 users...");
    assertThat(progress).anyMatch(line -> line.startsWith("evaluate [5/5] zero: done in"));
  }

  @Test
  void zeroIsAlwaysEvaluated() {
    Evaluation evaluation = new EvaluationRunner(line -> { }).run("x", 0, 0,
        SmallEvaluation.split(), List.of(new NaivePredictor()));

    assertThat(evaluation.models()).extracting(ModelEvaluation::name)
        .containsExactly("naive", "zero");
  }

  @Test
  void twoPredictorsWithOneNameAreRejected() {
    assertThatThrownBy(() -> new EvaluationRunner(line -> { }).run("x", 0, 0,
        SmallEvaluation.split(), List.of(new ZeroPredictor(), new ZeroPredictor())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named zero");
  }
}
