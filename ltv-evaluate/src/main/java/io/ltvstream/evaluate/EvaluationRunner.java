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
 * Any number of named predictors; {@code lstm} is shown first when present, then
 * {@code network}, the others in the order given, and {@code zero} is always among them (added
 * last when not given).
 *
 * <p>The network's entries run last, after the classic models: those take seconds, so trouble
 * with the data shows before minutes of training. A predictor that throws (a fit that fails, or
 * anything else) becomes a {@link ModelFailure} with the exception's message, and the run goes
 * on with the others.
 */
public final class EvaluationRunner {
  /** The project's network: always the first column. */
  public static final String LEAD_MODEL = "lstm";
  /** Always evaluated, so that nobody reads MAE alone: added last when not given. */
  public static final String FLOOR_MODEL = "zero";
  /** The network without the Pareto/NBD blend, from the lead model's bundle: shown second. */
  public static final String NETWORK_MODEL = "network";

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
    List<LtvPredictor> runOrder = new ArrayList<>(ordered);
    runOrder.sort(Comparator.comparingInt(p -> networkRank(p.name())));
    List<ModelEvaluation> evaluations = new ArrayList<>();
    List<ModelFailure> failures = new ArrayList<>();
    int step = 0;
    for (LtvPredictor predictor : runOrder) {
      step++;
      progress.accept(String.format(Locale.ROOT, "evaluate [%d/%d] %s: predicting %,d users...",
          step, runOrder.size(), predictor.name(), split.calibration().size()));
      long start = System.nanoTime();
      try {
        ModelEvaluation evaluation = ModelEvaluation.run(predictor, split);
        progress.accept(String.format(Locale.ROOT, "evaluate [%d/%d] %s: done in %.2f s", step,
            runOrder.size(), predictor.name(), evaluation.wallSeconds()));
        evaluations.add(evaluation);
      } catch (RuntimeException e) {
        ModelFailure failure = new ModelFailure(predictor.name(), reason(e),
            (System.nanoTime() - start) / 1e9);
        progress.accept(String.format(Locale.ROOT,
            "evaluate [%d/%d] %s: FAILED after %.2f s, the other models go on: %s", step,
            runOrder.size(), predictor.name(), failure.wallSeconds(), failure.reason()));
        failures.add(failure);
      }
    }
    Comparator<String> display = Comparator.comparingInt(EvaluationRunner::displayRank);
    evaluations.sort(Comparator.comparing(ModelEvaluation::name, display.thenComparingInt(
        name -> indexOf(ordered, name))));
    failures.sort(Comparator.comparing(ModelFailure::name, display.thenComparingInt(
        name -> indexOf(ordered, name))));
    return new Evaluation(source, recordsRead, invalidRecords, split, evaluations, failures);
  }

  /** 1 for lstm, 2 for network, 0 for every other model. */
  private static int networkRank(String name) {
    return name.equals(LEAD_MODEL) ? 1 : name.equals(NETWORK_MODEL) ? 2 : 0;
  }

  private static int displayRank(String name) {
    int rank = networkRank(name);
    return rank == 0 ? 3 : rank;
  }

  private static int indexOf(List<LtvPredictor> predictors, String name) {
    for (int i = 0; i < predictors.size(); i++) {
      if (predictors.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no predictor named " + name);
  }

  private static String reason(RuntimeException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message;
  }
}
