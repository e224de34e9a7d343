package io.ltvstream.evaluate;

import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.eval.ModelEvaluation;
import io.ltvstream.core.eval.ZeroPredictor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs every predictor on one split, one after the other, reporting progress, and scores them.
 * Any number of named predictors; {@code lstm} is shown first when present, the others in the
 * order given, and {@code zero} is always among them (added last when not given).
 */
public final class EvaluationRunner {
  /** The project's network: always the first column. */
  public static final String LEAD_MODEL = "lstm";
  /** Always evaluated, so that nobody reads MAE alone: added last when not given. */
  public static final String FLOOR_MODEL = "zero";

  private final Consumer<String> progress;

  /** @param progress receives progress lines (stderr on the command line) */
  public EvaluationRunner(Consumer<String> progress) {
    this.progress = progress;
  }

  public Evaluation run(String source, long recordsRead, long invalidRecords, CohortSplit split,
      List<LtvPredictor> predictors) {
    Set<String> names = new HashSet<>();
    for (LtvPredictor predictor : predictors) {
      if (!names.add(predictor.name())) {
        throw new IllegalArgumentException("two predictors are named " + predictor.name());
      }
    }
    List<LtvPredictor> ordered = new ArrayList<>(predictors);
    if (!names.contains(FLOOR_MODEL)) {
      ordered.add(new ZeroPredictor());
    }
    ordered.sort(Comparator.comparingInt(p -> p.name().equals(LEAD_MODEL) ? 0 : 1));
    List<ModelEvaluation> evaluations = new ArrayList<>();
    int step = 0;
    for (LtvPredictor predictor : ordered) {
      step++;
      progress.accept(String.format(Locale.ROOT, "evaluate [%d/%d] %s: predicting %,d users...",
          step, ordered.size(), predictor.name(), split.calibration().size()));
      ModelEvaluation evaluation = ModelEvaluation.run(predictor, split);
      progress.accept(String.format(Locale.ROOT, "evaluate [%d/%d] %s: done in %.2f s", step,
          ordered.size(), predictor.name(), evaluation.wallSeconds()));
      evaluations.add(evaluation);
    }
    return new Evaluation(source, recordsRead, invalidRecords, split, evaluations);
  }
}
