package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.core.clv.ModelFitException;
import io.ltvstream.core.eval.LtvPredictor;
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
    // the classic models run first, so trouble with the data shows before the training
    assertThat(progress).contains("evaluate [1/5] bgnbd: predicting 12 users...",
        "evaluate [5/5] lstm: predicting 12 users...");
    assertThat(progress).anyMatch(line -> line.startsWith("evaluate [4/5] zero: done in"));
  }

  @Test
  void aModelThatFailsIsMarkedWithItsReasonAndTheOthersAreStillScored() {
    List<LtvPredictor> predictors = new ArrayList<>(SmallEvaluation.predictors());
    predictors.set(1, new FailingPredictor("paretonbd", () -> new ModelFitException(
        "Pareto/NBD fit did not converge: s ran to 6.7e-12\nTried: start 1 ...")));
    predictors.add(new FailingPredictor("network", () -> new IllegalStateException()));
    List<String> progress = new ArrayList<>();

    Evaluation evaluation = new EvaluationRunner(progress::add).run("shop.txt", 100, 2,
        SmallEvaluation.split(), predictors);

    assertThat(evaluation.models()).extracting(ModelEvaluation::name)
        .containsExactly("lstm", "bgnbd", "naive", "zero");
    assertThat(evaluation.failures()).extracting(ModelFailure::name)
        .containsExactly("network", "paretonbd");
    assertThat(evaluation.failures().get(1).reason())
        .isEqualTo("Pareto/NBD fit did not converge: s ran to 6.7e-12\nTried: start 1 ...");
    assertThat(evaluation.failures().get(1).firstLine())
        .isEqualTo("Pareto/NBD fit did not converge: s ran to 6.7e-12");
    // an exception without a message is named by its class
    assertThat(evaluation.failures().get(0).reason())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(progress).anyMatch(line -> line.startsWith("evaluate [2/6] paretonbd: FAILED after")
        && line.contains("the other models go on: Pareto/NBD fit did not converge"));
  }

  @Test
  void theNetworkAloneRunsAfterTheLstmWhoseBundleItScores() {
    List<LtvPredictor> predictors = new ArrayList<>(SmallEvaluation.predictors());
    predictors.add(0, new FixedPredictor("network", 0.7, java.util.Map.of(), null));
    List<String> progress = new ArrayList<>();

    Evaluation evaluation = new EvaluationRunner(progress::add).run("shop.txt", 100, 2,
        SmallEvaluation.split(), predictors);

    assertThat(evaluation.models()).extracting(ModelEvaluation::name)
        .containsExactly("lstm", "network", "bgnbd", "paretonbd", "naive", "zero");
    assertThat(progress).contains("evaluate [5/6] lstm: predicting 12 users...",
        "evaluate [6/6] network: predicting 12 users...");
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
