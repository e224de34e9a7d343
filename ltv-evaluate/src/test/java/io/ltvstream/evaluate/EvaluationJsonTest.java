package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    assertThat(names(models.get("gammagamma"))).containsExactly("params");
    assertThat(names(models.get("gammagamma").get("params"))).containsExactly("p", "q", "gamma");
    assertThat(models.get("gammagamma").get("params").get("q").asDouble()).isEqualTo(3.5);
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
