package io.ltvstream.evaluate;

import io.ltvstream.core.eval.HoldoutActuals;
import io.ltvstream.core.eval.ModelEvaluation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every user's holdout actuals and every model's predictions, one CSV row per user of the cohort:
 * {@code user_id,actual_transactions,actual_spend}, then {@code <model>_transactions} and
 * {@code <model>_spend} per model in display order. For analyses the summary metrics do not
 * answer (residuals, segments, ensembles).
 */
public final class EvaluationPredictionsCsv {
  private EvaluationPredictionsCsv() {}

  public static void write(Evaluation evaluation, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    HoldoutActuals actuals = evaluation.split().actuals();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("user_id,actual_transactions,actual_spend");
      for (ModelEvaluation model : evaluation.models()) {
        out.write("," + model.name() + "_transactions," + model.name() + "_spend");
      }
      out.write('\n');
      for (int i = 0; i < actuals.size(); i++) {
        out.write(quoted(evaluation.split().calibration().users().get(i).userId()));
        out.write(number(actuals.transactions()[i]));
        out.write(number(actuals.spend()[i]));
        for (ModelEvaluation model : evaluation.models()) {
          out.write(number(model.prediction().transactions()[i]));
          out.write(number(model.prediction().spend()[i]));
        }
        out.write('\n');
      }
    }
  }

  private static String number(double value) {
    return "," + value;
  }

  private static String quoted(String value) {
    return value.contains(",") || value.contains("\"") || value.contains("\n")
        ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
