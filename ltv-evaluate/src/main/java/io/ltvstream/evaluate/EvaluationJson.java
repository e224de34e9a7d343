package io.ltvstream.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltvstream.core.eval.ModelEvaluation;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.core.eval.QuantileScores;
import io.ltvstream.core.eval.TargetScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics JSON of ARCHITECTURE.md ("evaluate: protocol and JSON"):
 * {@code dataset {users, calibration_end, holdout_end}} and {@code models}, one entry per model
 * in display order with {@code params} (when it has any), {@code transactions},
 * {@code spend} and {@code train_seconds}, and where the fit gives them {@code params_se}
 * (standard errors, beside {@code params}, for a model and for a sub-model entry), and where the model gives them {@code limit
 * {model, boundary, warning}} (a fit at its no-dropout limit), {@code probability {brier,
 * log_loss}} and {@code quantiles {p10_share, p50_share, p90_share, pinball_p10, pinball_p50,
 * pinball_p90}} and {@code aggregate_interval {level, transactions_low, transactions_high,
 * spend_low, spend_high}} (the predicted totals' interval from the parameters' uncertainty); a sub-model's parameters (e.g. {@code gammagamma}) get their own entry, once,
 * after the last model that used it. A model that failed is an entry {@code {"status": "failed",
 * "reason": ...}} after the others. Undefined metrics are null.
 */
public final class EvaluationJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvaluationJson() {}

  public static void write(Evaluation evaluation, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MAPPER.writeValue(file.toFile(), toJson(evaluation));
  }

  public static ObjectNode toJson(Evaluation evaluation) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode dataset = root.putObject("dataset");
    dataset.put("users", evaluation.split().calibration().size());
    dataset.put("calibration_end", evaluation.split().calibration().calibrationEnd().toString());
    dataset.put("holdout_end", evaluation.split().calibration().holdoutEnd().toString());

    Map<String, Integer> lastUser = new LinkedHashMap<>();
    for (int i = 0; i < evaluation.models().size(); i++) {
      for (String component : evaluation.models().get(i).prediction().components().keySet()) {
        lastUser.put(component, i);
      }
    }
    ObjectNode models = root.putObject("models");
    for (int i = 0; i < evaluation.models().size(); i++) {
      ModelEvaluation model = evaluation.models().get(i);
      ObjectNode node = models.putObject(model.name());
      if (!model.prediction().params().isEmpty()) {
        putParams(node, model.prediction().params());
        putStandardErrors(node, model.prediction().standardErrors().get(Prediction.OWN));
      }
      putScores(node.putObject("transactions"), model.transactions(), false);
      putScores(node.putObject("spend"), model.spend(), true);
      node.put("train_seconds", round(model.prediction().trainSeconds(), 3));
      if (model.prediction().limit() != null) {
        ObjectNode limit = node.putObject("limit");
        limit.put("model", model.prediction().limit().model());
        limit.put("boundary", model.prediction().limit().boundary());
        limit.put("warning", model.prediction().limit().warning());
      }
      Prediction.AggregateIntervals intervals = model.prediction().aggregateIntervals();
      if (intervals != null) {
        ObjectNode interval = node.putObject("aggregate_interval");
        put(interval, "level", intervals.level());
        put(interval, "transactions_low", intervals.transactionsLow());
        put(interval, "transactions_high", intervals.transactionsHigh());
        put(interval, "spend_low", intervals.spendLow());
        put(interval, "spend_high", intervals.spendHigh());
      }
      if (model.probability() != null) {
        ObjectNode probability = node.putObject("probability");
        put(probability, "brier", model.probability().brier());
        put(probability, "log_loss", model.probability().logLoss());
      }
      if (model.quantiles() != null) {
        QuantileScores q = model.quantiles();
        ObjectNode quantiles = node.putObject("quantiles");
        put(quantiles, "p10_share", q.p10Share());
        put(quantiles, "p50_share", q.p50Share());
        put(quantiles, "p90_share", q.p90Share());
        put(quantiles, "pinball_p10", q.pinballP10());
        put(quantiles, "pinball_p50", q.pinballP50());
        put(quantiles, "pinball_p90", q.pinballP90());
      }
      for (Map.Entry<String, Map<String, Double>> component
          : model.prediction().components().entrySet()) {
        if (lastUser.get(component.getKey()) == i && !models.has(component.getKey())) {
          ObjectNode entry = models.putObject(component.getKey());
          putParams(entry, component.getValue());
          putStandardErrors(entry, model.prediction().standardErrors().get(component.getKey()));
        }
      }
    }
    for (ModelFailure failure : evaluation.failures()) {
      ObjectNode node = models.putObject(failure.name());
      node.put("status", "failed");
      node.put("reason", failure.reason());
    }
    return root;
  }

  private static void putParams(ObjectNode node, Map<String, Double> params) {
    ObjectNode out = node.putObject("params");
    params.forEach((name, value) -> put(out, name, value));
  }

  /** {@code params_se} beside {@code params}, when the fit gave them. */
  private static void putStandardErrors(ObjectNode node, Map<String, Double> se) {
    if (se != null) {
      ObjectNode out = node.putObject("params_se");
      se.forEach((name, value) -> put(out, name, value));
    }
  }

  private static void putScores(ObjectNode node, TargetScores scores, boolean spend) {
    put(node, "mae", scores.mae());
    put(node, "rmse", scores.rmse());
    put(node, "spearman", scores.spearman());
    put(node, "gini", scores.gini());
    put(node, "aggregate_error", scores.aggregateError());
    if (spend) {
      put(node, "top_decile_share", scores.topDecileShare());
      put(node, "decile_mape", scores.decileMape());
    }
  }

  private static void put(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, round(value, 6));
    } else {
      node.putNull(name);
    }
  }

  private static double round(double value, int significant) {
    if (value == 0 || !Double.isFinite(value)) {
      return value;
    }
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(significant)).doubleValue();
  }
}
