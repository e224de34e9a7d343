package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.core.clv.ModelFitException;
import io.ltvstream.core.eval.LtvPredictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON has exactly the shape of ARCHITECTURE.md, "evaluate: protocol and JSON". */
class EvaluationJsonTest {
  @TempDir Path dir;

  @Test
  void shapeOfTheArchitecture() throws Exception {
    Path file = dir.resolve("nested/out.json");
    EvaluationJson.write(SmallEvaluation.run(new ArrayList<>()), file);
    JsonNode root = new ObjectMapper().readTree(file.toFile());

    assertThat(names(root)).containsExactly("dataset", "models");
    assertThat(names(root.get("dataset")))
        .containsExactly("users", "calibration_end", "holdout_end");
    assertThat(root.get("dataset").get("users").asInt()).isEqualTo(12);
    assertThat(root.get("dataset").get("calibration_end").asText()).isEqualTo("2024-03-31");
    assertThat(root.get("dataset").get("holdout_end").asText()).isEqualTo("2024-06-30");

    JsonNode models = root.get("models");
    assertThat(names(models))
        .containsExactly("lstm", "bgnbd", "paretonbd", "gammagamma", "naive", "zero");
    for (String model : List.of("lstm", "bgnbd", "paretonbd", "naive", "zero")) {
      assertThat(names(models.get(model).get("transactions"))).as(model)
          .containsExactly("mae", "rmse", "spearman", "gini", "aggregate_error");
      assertThat(names(models.get(model).get("spend"))).as(model)
          .containsExactly("mae", "rmse", "spearman", "gini", "aggregate_error",
              "top_decile_share", "decile_mape");
      assertThat(models.get(model).has("train_seconds")).as(model).isTrue();
    }
    assertThat(names(models.get("lstm"))).doesNotContain("params");
    assertThat(names(models.get("bgnbd").get("params"))).containsExactly("r", "alpha", "a", "b");
    assertThat(names(models.get("paretonbd").get("params")))
        .containsExactly("r", "alpha", "s", "beta");
    assertThat(names(models.get("gammagamma"))).containsExactly("params", "params_se");
    assertThat(models.get("gammagamma").get("params_se").get("gamma").asDouble()).isEqualTo(2.0);
    assertThat(names(models.get("paretonbd").get("params_se")))
        .containsExactly("r", "alpha", "s", "beta");
    assertThat(models.get("paretonbd").get("params_se").get("r").asDouble()).isEqualTo(0.048);
    assertThat(models.get("paretonbd").get("params_se").get("beta").isNull()).isTrue();
    assertThat(models.get("bgnbd").has("params_se")).isFalse();
    assertThat(names(models.get("gammagamma").get("params"))).containsExactly("p", "q", "gamma");
    assertThat(models.get("gammagamma").get("params").get("q").asDouble()).isEqualTo(3.5);

    // the interval on the predicted totals where the model gives one
    assertThat(names(models.get("paretonbd").get("aggregate_interval"))).containsExactly("level",
        "transactions_low", "transactions_high", "spend_low", "spend_high");
    assertThat(models.get("paretonbd").get("aggregate_interval").get("spend_high").asDouble())
        .isEqualTo(61.5);
    assertThat(models.get("paretonbd").get("aggregate_interval").get("transactions_low")
        .asDouble()).isEqualTo(3.25);
    assertThat(models.get("bgnbd").has("aggregate_interval")).isFalse();

    // a fit at its limit says so
    assertThat(names(models.get("bgnbd").get("limit")))
        .containsExactly("model", "boundary", "warning");
    assertThat(models.get("bgnbd").get("limit").get("boundary").asText()).isEqualTo("a/(a+b) -> 0");
    assertThat(models.get("paretonbd").has("limit")).isFalse();
    // probabilities where the model gives them, quantiles where it gives them
    assertThat(names(models.get("lstm").get("probability"))).containsExactly("brier", "log_loss");
    assertThat(names(models.get("naive").get("probability"))).containsExactly("brier", "log_loss");
    assertThat(models.get("zero").has("probability")).isFalse();
    assertThat(names(models.get("lstm").get("quantiles"))).containsExactly("p10_share",
        "p50_share", "p90_share", "pinball_p10", "pinball_p50", "pinball_p90");
    assertThat(models.get("naive").has("quantiles")).isFalse();
  }

  @Test
  void aFailedModelIsAnEntryWithItsReasonAndTheOthersKeepTheirFigures() {
    List<LtvPredictor> predictors = new ArrayList<>(SmallEvaluation.predictors());
    predictors.set(1, new FailingPredictor("paretonbd",
        () -> new ModelFitException("Pareto/NBD fit did not converge: s ran to 6.7e-12")));
    JsonNode models = EvaluationJson.toJson(new EvaluationRunner(line -> { }).run("shop.txt", 100,
        2, SmallEvaluation.split(), predictors)).get("models");

    assertThat(names(models.get("paretonbd"))).containsExactly("status", "reason");
    assertThat(models.get("paretonbd").get("status").asText()).isEqualTo("failed");
    assertThat(models.get("paretonbd").get("reason").asText())
        .isEqualTo("Pareto/NBD fit did not converge: s ran to 6.7e-12");
    assertThat(models.get("bgnbd").get("spend").get("mae").isNumber()).isTrue();
    assertThat(models.get("lstm").get("spend").get("mae").isNumber()).isTrue();
  }

  @Test
  void undefinedMetricsAreNull() {
    JsonNode zero = EvaluationJson.toJson(SmallEvaluation.run(new ArrayList<>()))
        .get("models").get("zero");

    assertThat(zero.get("spend").get("spearman").isNull()).isTrue();
    assertThat(zero.get("spend").get("aggregate_error").asDouble()).isEqualTo(-1.0);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
