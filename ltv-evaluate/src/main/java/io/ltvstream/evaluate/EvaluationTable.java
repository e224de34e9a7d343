package io.ltvstream.evaluate;

import io.ltvstream.core.clv.Fitted;
import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.HoldoutActuals;
import io.ltvstream.core.eval.ModelEvaluation;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.core.eval.QuantileScores;
import java.util.ArrayList;
import java.util.Collections;
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

  /** One metric row: its label, how to read it from a model's evaluation, how to print it. */
  record Row(String label, ToDoubleFunction<ModelEvaluation> metric, Format format) {}

  enum Format { NUMBER, PERCENT, SIGNED_PERCENT, MONEY }

  static final List<Row> TRANSACTION_ROWS = List.of(
      new Row("MAE", m -> m.transactions().mae(), Format.NUMBER),
      new Row("RMSE", m -> m.transactions().rmse(), Format.NUMBER),
      new Row("Spearman", m -> m.transactions().spearman(), Format.NUMBER),
      new Row("normalized Gini", m -> m.transactions().gini(), Format.NUMBER),
      new Row("aggregate error", m -> m.transactions().aggregateError(), Format.SIGNED_PERCENT),
      new Row("predicted total", m -> m.transactions().predictedTotal(), Format.NUMBER),
      new Row("95% interval low", interval(Prediction.AggregateIntervals::transactionsLow),
          Format.NUMBER),
      new Row("95% interval high", interval(Prediction.AggregateIntervals::transactionsHigh),
          Format.NUMBER));

  static final List<Row> SPEND_ROWS = List.of(
      new Row("MAE ($)", m -> m.spend().mae(), Format.MONEY),
      new Row("RMSE ($)", m -> m.spend().rmse(), Format.MONEY),
      new Row("Spearman", m -> m.spend().spearman(), Format.NUMBER),
      new Row("normalized Gini", m -> m.spend().gini(), Format.NUMBER),
      new Row("aggregate error", m -> m.spend().aggregateError(), Format.SIGNED_PERCENT),
      new Row("top-decile share", m -> m.spend().topDecileShare(), Format.PERCENT),
      new Row("decile MAPE", m -> m.spend().decileMape(), Format.PERCENT),
      new Row("predicted total ($)", m -> m.spend().predictedTotal(), Format.MONEY),
      new Row("95% interval low ($)", interval(Prediction.AggregateIntervals::spendLow),
          Format.MONEY),
      new Row("95% interval high ($)", interval(Prediction.AggregateIntervals::spendHigh),
          Format.MONEY));

  /**
   * A bound of the interval on a predicted total from the parameters' uncertainty; "-" for a
   * model without one.
   */
  private static ToDoubleFunction<ModelEvaluation> interval(
      ToDoubleFunction<Prediction.AggregateIntervals> bound) {
    return m -> m.prediction().aggregateIntervals() == null ? Double.NaN
        : bound.applyAsDouble(m.prediction().aggregateIntervals());
  }

  /** Any purchase in the holdout; "-" for a model without a probability. */
  static final List<Row> PROBABILITY_ROWS = List.of(
      new Row("Brier", m -> m.probability() == null ? Double.NaN : m.probability().brier(),
          Format.NUMBER),
      new Row("log loss", m -> m.probability() == null ? Double.NaN : m.probability().logLoss(),
          Format.NUMBER));

  /** Holdout spend against the model's quantiles; "-" for a model without quantiles. */
  static final List<Row> QUANTILE_ROWS = List.of(
      new Row("share <= p10", quantile(QuantileScores::p10Share), Format.PERCENT),
      new Row("share <= p50", quantile(QuantileScores::p50Share), Format.PERCENT),
      new Row("share <= p90", quantile(QuantileScores::p90Share), Format.PERCENT),
      new Row("pinball p10 ($)", quantile(QuantileScores::pinballP10), Format.MONEY),
      new Row("pinball p50 ($)", quantile(QuantileScores::pinballP50), Format.MONEY),
      new Row("pinball p90 ($)", quantile(QuantileScores::pinballP90), Format.MONEY));

  private static ToDoubleFunction<ModelEvaluation> quantile(
      ToDoubleFunction<QuantileScores> metric) {
    return m -> m.quantiles() == null ? Double.NaN : metric.applyAsDouble(m.quantiles());
  }

  /** Every section of the table, in order: its title and rows. */
  static final Map<String, List<Row>> SECTIONS = sections();

  private static Map<String, List<Row>> sections() {
    Map<String, List<Row>> sections = new LinkedHashMap<>();
    sections.put("transactions", TRANSACTION_ROWS);
    sections.put("spend", SPEND_ROWS);
    sections.put("P(purchase)", PROBABILITY_ROWS);
    sections.put("spend quantiles", QUANTILE_ROWS);
    return Collections.unmodifiableMap(sections);
  }

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
    SECTIONS.forEach((title, rows) -> section(out, title, rows, models));
    out.append(pad("train seconds", LABEL_WIDTH));
    for (ModelEvaluation model : models) {
      out.append(leftPad(String.format(Locale.ROOT, "%.2f", model.prediction().trainSeconds()),
          COLUMN_WIDTH));
    }
    out.append("\n\n");
    Map<String, Map<String, Double>> standardErrors = standardErrors(models);
    for (Map.Entry<String, Map<String, Double>> params : parameters(models).entrySet()) {
      out.append(pad(params.getKey(), 12));
      out.append(describe(params.getValue(), standardErrors.get(params.getKey()), "=", "  "))
          .append('\n');
    }
    for (String note : notes(evaluation)) {
      out.append(note).append('\n');
    }
    return out.toString();
  }

  /**
   * One line per model fitted at a limit (its warning) and per model that failed (its reason's
   * first line; the JSON has all of it).
   */
  static List<String> notes(Evaluation evaluation) {
    List<String> notes = new ArrayList<>();
    for (ModelEvaluation model : evaluation.models()) {
      Fitted.Limit limit = model.prediction().limit();
      if (limit != null) {
        notes.add(String.format(Locale.ROOT, "%s: WARNING fitted at its %s limit (%s): %s",
            model.name(), limit.model(), limit.boundary(), limit.warning()));
      }
    }
    for (ModelFailure failure : evaluation.failures()) {
      notes.add(String.format(Locale.ROOT, "%s: FAILED, no figures: %s", failure.name(),
          failure.firstLine()));
    }
    return notes;
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

  /** The standard errors of every entry of {@link #parameters}, under the same names. */
  static Map<String, Map<String, Double>> standardErrors(List<ModelEvaluation> models) {
    Map<String, Map<String, Double>> all = new LinkedHashMap<>();
    for (ModelEvaluation model : models) {
      model.prediction().standardErrors().forEach((owner, se) ->
          all.putIfAbsent(owner.equals(Prediction.OWN) ? model.name() : owner, se));
    }
    return all;
  }

  /** {@code name=value (se)} for each parameter, the standard error when there is one. */
  static String describe(Map<String, Double> params, Map<String, Double> se, String equals,
      String separator) {
    List<String> parts = new ArrayList<>();
    params.forEach((name, value) -> {
      String part = name + equals + String.format(Locale.ROOT, "%.4g", value);
      Double error = se == null ? null : se.get(name);
      if (error != null) {
        part += Double.isFinite(error) ? String.format(Locale.ROOT, " (se %.2g)", error)
            : " (se -)";
      }
      parts.add(part);
    });
    return String.join(separator, parts);
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
      List<ModelEvaluation> models) {
    boolean first = true;
    for (Row row : rows) {
      out.append(pad(first ? title : "", 14)).append(pad(row.label(), LABEL_WIDTH - 14));
      for (ModelEvaluation model : models) {
        out.append(leftPad(format(row.metric().applyAsDouble(model), row.format()),
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
