package io.ltvstream.evaluate;

import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.HoldoutActuals;
import io.ltvstream.core.eval.Metrics;
import io.ltvstream.core.eval.ModelEvaluation;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.evaluate.EvaluationTable.Row;
import io.ltvstream.evaluate.SvgChart.Marker;
import io.ltvstream.evaluate.SvgChart.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The offline HTML report: the comparison table, then the charts a data scientist reads a CLV
 * model by, all inline SVG (the page needs no network): weekly cumulative repeat transactions
 * (calibration and holdout), holdout mean by calibration frequency, the gain curve and the decile
 * charts, for transactions and spend; the reliability diagram of each model's probability of any
 * holdout purchase and the PIT histogram of each model's spend quantiles. Models fitted at a
 * limit and models that failed are named with their warning or reason under the table.
 */
public final class EvaluationReport {
  private static final String ACTUAL_COLOR = "#111111";
  private static final Map<String, String> MODEL_COLORS = Map.of(
      "lstm", "#d62728", "network", "#e377c2", "bgnbd", "#1f77b4", "paretonbd", "#2ca02c", "mbgnbd", "#9467bd",
      "bgbb", "#8c564b", "naive", "#ff7f0e", "zero", "#9e9e9e");
  private static final String[] OTHER_COLORS = {"#17becf", "#bcbd22", "#aec7e8", "#98df8a"};
  private static final int MAX_FREQUENCY_GROUP = 7;
  private static final int GAIN_POINTS = 200;

  private EvaluationReport() {}

  public static void write(Evaluation evaluation, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(evaluation), StandardCharsets.UTF_8);
  }

  public static String render(Evaluation evaluation) {
    CalibrationSet calibration = evaluation.split().calibration();
    HoldoutActuals actuals = evaluation.split().actuals();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>")
        .append("<title>ltv-stream evaluation: ").append(Html.escape(evaluation.source()))
        .append("</title><style>")
        .append("body{font-family:sans-serif;max-width:1400px;margin:24px auto;padding:0 16px;color:#222}")
        .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{padding:3px 10px;text-align:right;")
        .append("border-bottom:1px solid #ddd}th:first-child,td:first-child{text-align:left}")
        .append("td.section{font-weight:bold;text-align:left;background:#f4f4f4}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:12px}.note{color:#555;max-width:900px}")
        .append(".warning{color:#a94400;max-width:1100px}")
        .append("</style></head><body>\n");
    html.append("<h1>ltv-stream evaluation: ").append(Html.escape(evaluation.source()))
        .append("</h1>\n");
    html.append(String.format(Locale.ROOT,
        "<p>%,d users (first purchase on or before %s); calibration to %s, holdout %s to %s"
            + " (%.1f weeks). Holdout actuals: %,.0f repeat transactions, $%,.2f spend;"
            + " %.1f%% of users buy nothing in the holdout. %,d records read, %,d invalid.</p>\n",
        calibration.size(), calibration.calibrationEnd(), calibration.calibrationEnd(),
        calibration.calibrationEnd().plusDays(1), calibration.holdoutEnd(),
        calibration.holdoutWeeks(), actuals.totalTransactions(), actuals.totalSpend(),
        100 * evaluation.shareBuyingNothing(), evaluation.recordsRead(),
        evaluation.invalidRecords()));
    html.append("<p class='note'>Read ranking (normalized Gini, Spearman), aggregate error and"
        + " RMSE together: when most users buy nothing, <b>zero</b> (nothing for everyone) nearly"
        + " ties the best model on MAE, so MAE alone says little.</p>\n");

    summaryTable(html, evaluation.models());
    notes(html, evaluation);
    parameters(html, evaluation.models());

    html.append("<h2>Weekly cumulative repeat transactions</h2>\n<p class='note'>The"
        + " customer-base models (bgnbd, paretonbd, mbgnbd, bgbb): the fitted model's unconditional expectation from each user's first"
        + " purchase (the literature's tracking plot). Models without a curve: the actual"
        + " calibration curve, then a straight dashed line to their predicted holdout total.</p>\n");
    html.append("<div class='charts'>").append(trackingChart(evaluation)).append("</div>\n");

    html.append("<h2>Holdout transactions by calibration frequency</h2>\n<p class='note'>Mean"
        + " holdout repeat transactions of the users with x repeat transactions in calibration,"
        + " actual and predicted.</p>\n");
    html.append("<div class='charts'>").append(frequencyChart(evaluation)).append("</div>\n");

    html.append("<h2>Gain curves</h2>\n<p class='note'>Share of the holdout total held by the"
        + " top share of users ranked by each model; the area above the diagonal, relative to"
        + " the perfect ranking's, is the normalized Gini.</p>\n<div class='charts'>");
    html.append(gainChart(evaluation, "transactions", actuals.transactions(),
        Prediction::transactions));
    html.append(gainChart(evaluation, "spend", actuals.spend(), Prediction::spend));
    html.append("</div>\n");

    html.append("<h2>Decile charts</h2>\n<p class='note'>Users in ten equal groups by predicted"
        + " value, lowest first: mean predicted against mean actual.</p>\n");
    for (String target : List.of("spend", "transactions")) {
      html.append("<div class='charts'>");
      for (ModelEvaluation model : evaluation.models()) {
        double[] predicted = target.equals("spend") ? model.prediction().spend()
            : model.prediction().transactions();
        double[] actual = target.equals("spend") ? actuals.spend() : actuals.transactions();
        html.append(decileChart(model.name(), target, predicted, actual));
      }
      html.append("</div>\n");
    }
    List<ModelEvaluation> withProbability = evaluation.models().stream()
        .filter(m -> m.probability() != null).toList();
    if (!withProbability.isEmpty()) {
      html.append("<h2>Reliability of P(any purchase in the holdout)</h2>\n<p class='note'>Users in"
          + " ten bins of predicted probability: the observed share that bought against the"
          + " bin's mean probability; a calibrated model lies on the diagonal.</p>\n");
      html.append("<div class='charts'>").append(reliabilityChart(evaluation, withProbability))
          .append("</div>\n");
    }
    List<ModelEvaluation> withQuantiles = evaluation.models().stream()
        .filter(m -> m.quantiles() != null).toList();
    if (!withQuantiles.isEmpty()) {
      html.append("<h2>PIT histogram of holdout spend</h2>\n<p class='note'>The share of users"
          + " whose actual spend falls at or below p10, between p10 and p50, p50 and p90, and"
          + " above p90 (a user with no spend where the quantile is 0 too counts by the"
          + " randomised PIT); a calibrated model gives 10%, 40%, 40%, 10%.</p>\n");
      html.append("<div class='charts'>");
      for (ModelEvaluation model : withQuantiles) {
        html.append(pitChart(model));
      }
      html.append("</div>\n");
    }
    html.append("</body></html>\n");
    return html.toString();
  }

  private static void notes(StringBuilder html, Evaluation evaluation) {
    for (String note : EvaluationTable.notes(evaluation)) {
      html.append("<p class='warning'>").append(Html.escape(note)).append("</p>\n");
    }
    for (ModelFailure failure : evaluation.failures()) {
      html.append("<details><summary>").append(Html.escape(failure.name()))
          .append(": why it failed</summary><pre>").append(Html.escape(failure.reason()))
          .append("</pre></details>\n");
    }
  }

  private static String reliabilityChart(Evaluation evaluation, List<ModelEvaluation> models) {
    boolean[] bought = evaluation.split().actuals().bought();
    List<Series> series = new ArrayList<>();
    series.add(new Series("calibrated", new double[] {0, 1}, new double[] {0, 1}, "#cccccc", true));
    for (ModelEvaluation model : models) {
      Metrics.Reliability reliability =
          Metrics.reliability(model.prediction().purchaseProbability(), bought);
      series.add(new Series(model.name(), reliability.meanPredicted(),
          reliability.observedShare(), color(model.name(), evaluation), false));
    }
    return SvgChart.lines("Reliability: any purchase in the holdout", "mean predicted probability",
        "observed share that bought", series, null, true);
  }

  private static String pitChart(ModelEvaluation model) {
    return SvgChart.bars(model.name() + ": holdout spend against its quantiles",
        "where the actual spend falls", "share of users",
        new String[] {"<= p10", "p10-p50", "p50-p90", "> p90"}, List.of(
            new Series("observed", null, model.quantiles().pitHistogram(), "#252525", false),
            new Series("calibrated", null, new double[] {0.1, 0.4, 0.4, 0.1}, "#6baed6", false)));
  }

  private static void summaryTable(StringBuilder html, List<ModelEvaluation> models) {
    html.append("<table><tr><th>metric</th>");
    for (ModelEvaluation model : models) {
      html.append("<th>").append(Html.escape(model.name())).append("</th>");
    }
    html.append("</tr>\n");
    EvaluationTable.SECTIONS.forEach((title, rows) -> tableSection(html, title, rows, models));
    html.append("<tr><td>train seconds</td>");
    for (ModelEvaluation model : models) {
      html.append(String.format(Locale.ROOT, "<td>%.2f</td>", model.prediction().trainSeconds()));
    }
    html.append("</tr></table>\n");
  }

  private static void tableSection(StringBuilder html, String title, List<Row> rows,
      List<ModelEvaluation> models) {
    html.append("<tr><td class='section' colspan='").append(models.size() + 1).append("'>")
        .append(title).append("</td></tr>\n");
    for (Row row : rows) {
      html.append("<tr><td>").append(Html.escape(row.label())).append("</td>");
      for (ModelEvaluation model : models) {
        html.append("<td>").append(EvaluationTable.format(
            row.metric().applyAsDouble(model), row.format())).append("</td>");
      }
      html.append("</tr>\n");
    }
  }

  private static void parameters(StringBuilder html, List<ModelEvaluation> models) {
    Map<String, Map<String, Double>> params = EvaluationTable.parameters(models);
    if (params.isEmpty()) {
      return;
    }
    Map<String, Map<String, Double>> standardErrors = EvaluationTable.standardErrors(models);
    html.append("<p>Fitted parameters (time in weeks; standard errors from the observed"
        + " information): ");
    List<String> parts = new ArrayList<>();
    params.forEach((model, values) -> parts.add("<b>" + Html.escape(model) + "</b> "
        + Html.escape(EvaluationTable.describe(values, standardErrors.get(model), " = ", ", "))));
    html.append(String.join("; ", parts)).append("</p>\n");
  }

  private static String trackingChart(Evaluation evaluation) {
    CalibrationSet calibration = evaluation.split().calibration();
    // every curve starts at week 0 with no repeat transaction
    double[] weeks = prependZero(calibration.trackingWeeks());
    double[] actual = prependZero(evaluation.split().actualCumulativeTracking());
    double calibrationWeeks = calibration.calibrationWeeksFromPeriodStart();
    int lastCalibrationPoint = 0;
    for (int k = 0; k < weeks.length; k++) {
      if (weeks[k] <= calibrationWeeks + 1e-9) {
        lastCalibrationPoint = k;
      }
    }
    List<Series> series = new ArrayList<>();
    series.add(new Series("actual", weeks, actual, ACTUAL_COLOR, false));
    for (ModelEvaluation model : evaluation.models()) {
      double[] curve = model.prediction().cumulativeTracking();
      if (curve != null) {
        series.add(new Series(model.name(), weeks, prependZero(curve),
            color(model.name(), evaluation), false));
        continue;
      }
      double[] x = new double[lastCalibrationPoint + 2];
      double[] y = new double[lastCalibrationPoint + 2];
      for (int k = 0; k <= lastCalibrationPoint; k++) {
        x[k] = weeks[k];
        y[k] = actual[k];
      }
      x[lastCalibrationPoint + 1] = weeks[weeks.length - 1];
      y[lastCalibrationPoint + 1] = actual[lastCalibrationPoint]
          + sum(model.prediction().transactions());
      series.add(new Series(model.name(), x, y, color(model.name(), evaluation), true));
    }
    return SvgChart.lines("Cumulative repeat transactions",
        "weeks since " + calibration.periodStart(), "repeat transactions", series,
        new Marker(calibrationWeeks, "calibration end"), false);
  }

  private static double[] prependZero(double[] values) {
    double[] out = new double[values.length + 1];
    System.arraycopy(values, 0, out, 1, values.length);
    return out;
  }

  private static String frequencyChart(Evaluation evaluation) {
    CalibrationSet calibration = evaluation.split().calibration();
    int groups = MAX_FREQUENCY_GROUP + 1;
    int[] count = new int[groups];
    int[] group = new int[calibration.size()];
    for (int i = 0; i < calibration.size(); i++) {
      group[i] = Math.min(calibration.users().get(i).rfm().frequency(), MAX_FREQUENCY_GROUP);
      count[group[i]]++;
    }
    double[] x = new double[groups];
    for (int g = 0; g < groups; g++) {
      x[g] = g;
    }
    List<Series> series = new ArrayList<>();
    series.add(new Series("actual", x,
        groupMeans(evaluation.split().actuals().transactions(), group, count), ACTUAL_COLOR,
        false));
    for (ModelEvaluation model : evaluation.models()) {
      series.add(new Series(model.name(), x,
          groupMeans(model.prediction().transactions(), group, count),
          color(model.name(), evaluation), false));
    }
    return SvgChart.lines("Mean holdout transactions by calibration frequency",
        "repeat transactions in calibration (" + MAX_FREQUENCY_GROUP + " = "
            + MAX_FREQUENCY_GROUP + " or more)", "mean holdout transactions", series, null, true);
  }

  private static double[] groupMeans(double[] values, int[] group, int[] count) {
    double[] means = new double[count.length];
    for (int i = 0; i < values.length; i++) {
      means[group[i]] += values[i];
    }
    for (int g = 0; g < count.length; g++) {
      means[g] = count[g] == 0 ? Double.NaN : means[g] / count[g];
    }
    return means;
  }

  private static String gainChart(Evaluation evaluation, String target, double[] actual,
      Function<Prediction, double[]> predicted) {
    List<Series> series = new ArrayList<>();
    series.add(sampled("perfect", Metrics.gainCurve(actual, actual), ACTUAL_COLOR, true));
    for (ModelEvaluation model : evaluation.models()) {
      series.add(sampled(model.name(),
          Metrics.gainCurve(predicted.apply(model.prediction()), actual),
          color(model.name(), evaluation), false));
    }
    series.add(new Series("random", new double[] {0, 1}, new double[] {0, 1}, "#cccccc", true));
    return SvgChart.lines("Gain curve: " + target, "share of users, by prediction",
        "share of actual " + target, series, null, false);
  }

  private static Series sampled(String name, double[] curve, String color, boolean dashed) {
    int points = Math.min(GAIN_POINTS, curve.length);
    double[] x = new double[points + 1];
    double[] y = new double[points + 1];
    for (int p = 1; p <= points; p++) {
      int k = (int) Math.round((double) p * curve.length / points) - 1;
      x[p] = (k + 1) / (double) curve.length;
      y[p] = curve[k];
    }
    return new Series(name, x, y, color, dashed);
  }

  private static String decileChart(String model, String target, double[] predicted,
      double[] actual) {
    Metrics.Deciles deciles = Metrics.deciles(predicted, actual);
    String[] labels = new String[Metrics.DECILES];
    for (int d = 0; d < labels.length; d++) {
      labels[d] = Integer.toString(d + 1);
    }
    return SvgChart.bars(model + ": " + target + " by decile of prediction",
        "decile (1 = lowest predictions)", "mean " + target, labels, List.of(
            new Series("predicted", null, deciles.predictedMean(), "#6baed6", false),
            new Series("actual", null, deciles.actualMean(), "#252525", false)));
  }

  private static String color(String model, Evaluation evaluation) {
    String known = MODEL_COLORS.get(model);
    if (known != null) {
      return known;
    }
    int index = 0;
    for (ModelEvaluation m : evaluation.models()) {
      if (m.name().equals(model)) {
        break;
      }
      if (!MODEL_COLORS.containsKey(m.name())) {
        index++;
      }
    }
    return OTHER_COLORS[index % OTHER_COLORS.length];
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }
}
