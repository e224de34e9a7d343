package io.ltvstream.evaluate;

import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.HoldoutActuals;
import io.ltvstream.core.eval.ModelEvaluation;
import io.ltvstream.core.eval.TargetScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The comparison table printed on the terminal: one column per model, one row per metric. */
public final class EvaluationTable {
  private static final int LABEL_WIDTH = 30;
  private static final int COLUMN_WIDTH = 12;

  private EvaluationTable() {}

  /** One metric row: its label, how to read it from scores, how to print it. */
  record Row(String label, ToDoubleFunction<TargetScores> metric, Format format) {}

  enum Format { NUMBER, PERCENT, SIGNED_PERCENT, MONEY }

  static final List<Row> TRANSACTION_ROWS = List.of(
      new Row("MAE", TargetScores::mae, Format.NUMBER),
      new Row("RMSE", TargetScores::rmse, Format.NUMBER),
      new Row("Spearman", TargetScores::spearman, Format.NUMBER),
      new Row("normalized Gini", TargetScores::gini, Format.NUMBER),
      new Row("aggregate error", TargetScores::aggregateError, Format.SIGNED_PERCENT),
      new Row("predicted total", TargetScores::predictedTotal, Format.NUMBER));

  static final List<Row> SPEND_ROWS = List.of(
      new Row("MAE ($)", TargetScores::mae, Format.MONEY),
      new Row("RMSE ($)", TargetScores::rmse, Format.MONEY),
      new Row("Spearman", TargetScores::spearman, Format.NUMBER),
      new Row("normalized Gini", TargetScores::gini, Format.NUMBER),
      new Row("aggregate error", TargetScores::aggregateError, Format.SIGNED_PERCENT),
      new Row("top-decile share", TargetScores::topDecileShare, Format.PERCENT),
      new Row("decile MAPE", TargetScores::decileMape, Format.PERCENT),
      new Row("predicted total ($)", TargetScores::predictedTotal, Format.MONEY));

  public static String render(Evaluation evaluation) {
    CalibrationSet calibration = evaluation.split().calibration();
    HoldoutActuals actuals = evaluation.split().actuals();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "%s: %,d records (%,d invalid); cohort %,d users; calibration to %s, holdout to %s"
            + " (%.1f weeks)%n",
        evaluation.source(), evaluation.recordsRead(), evaluation.invalidRecords(),
        calibration.size(), calibration.calibrationEnd(), calibration.holdoutEnd(),
        calibration.holdoutWeeks()));
    out.append(String.format(Locale.ROOT,
        "holdout actuals: %,.0f repeat transactions, $%,.2f spend; %.1f%% of users buy nothing%n%n",
        actuals.totalTransactions(), actuals.totalSpend(), 100 * evaluation.shareBuyingNothing()));

    List<ModelEvaluation> models = evaluation.models();
    out.append(pad("", LABEL_WIDTH));
    for (ModelEvaluation model : models) {
      out.append(leftPad(model.name(), COLUMN_WIDTH));
    }
    out.append('\n');
    section(out, "transactions", TRANSACTION_ROWS, models, ModelEvaluation::transactions);
    section(out, "spend", SPEND_ROWS, models, ModelEvaluation::spend);
    out.append(pad("train seconds", LABEL_WIDTH));
    for (ModelEvaluation model : models) {
      out.append(leftPad(String.format(Locale.ROOT, "%.2f", model.prediction().trainSeconds()),
          COLUMN_WIDTH));
    }
    out.append("\n\n");
    for (Map.Entry<String, Map<String, Double>> params : parameters(models).entrySet()) {
      out.append(pad(params.getKey(), 12));
      List<String> parts = new ArrayList<>();
      params.getValue().forEach((name, value) ->
          parts.add(name + "=" + String.format(Locale.ROOT, "%.4g", value)));
      out.append(String.join("  ", parts)).append('\n');
    }
    return out.toString();
  }

  /** Every model's own parameters, then the sub-models', each once, in display order. */
  static Map<String, Map<String, Double>> parameters(List<ModelEvaluation> models) {
    Map<String, Map<String, Double>> all = new LinkedHashMap<>();
    for (ModelEvaluation model : models) {
      if (!model.prediction().params().isEmpty()) {
        all.put(model.name(), model.prediction().params());
      }
    }
    for (ModelEvaluation model : models) {
      model.prediction().components().forEach(all::putIfAbsent);
    }
    return all;
  }

  static String format(double value, Format format) {
    if (!Double.isFinite(value)) {
      return "-";
    }
    return switch (format) {
      case NUMBER -> String.format(Locale.ROOT, Math.abs(value) >= 1000 ? "%,.0f" : "%.3f", value);
      case PERCENT -> String.format(Locale.ROOT, "%.1f%%", 100 * value);
      case SIGNED_PERCENT -> String.format(Locale.ROOT, "%+.1f%%", 100 * value);
      case MONEY -> String.format(Locale.ROOT, "%,.2f", value);
    };
  }

  private static void section(StringBuilder out, String title, List<Row> rows,
      List<ModelEvaluation> models,
      java.util.function.Function<ModelEvaluation, TargetScores> target) {
    boolean first = true;
    for (Row row : rows) {
      out.append(pad(first ? title : "", 14)).append(pad(row.label(), LABEL_WIDTH - 14));
      for (ModelEvaluation model : models) {
        out.append(leftPad(format(row.metric().applyAsDouble(target.apply(model)), row.format()),
            COLUMN_WIDTH));
      }
      out.append('\n');
      first = false;
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }

  private static String leftPad(String s, int width) {
    return s.length() >= width ? " " + s : " ".repeat(width - s.length()) + s;
  }
}
