package io.ltvstream.evaluate;

import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.ModelEvaluation;
import java.util.Arrays;
import java.util.List;

/**
 * The outcome of one {@code ./ltv evaluate} run: the split, the input's accounting and every
 * model's evaluation, in display order ({@code lstm} first when present).
 *
 * @param source the input's name
 * @param recordsRead data records read from the input
 * @param invalidRecords records the reader could not read
 * @param split the cohort split (calibration as the models saw it, holdout actuals)
 * @param models the evaluations, in display order
 * @param failures the models that failed, in display order; the others' figures stand
 */
public record Evaluation(String source, long recordsRead, long invalidRecords, CohortSplit split,
    List<ModelEvaluation> models, List<ModelFailure> failures) {
  public Evaluation {
    models = List.copyOf(models);
    failures = List.copyOf(failures);
  }

  /** Share of the cohort with no holdout transaction. */
  public double shareBuyingNothing() {
    double[] transactions = split.actuals().transactions();
    long none = Arrays.stream(transactions).filter(t -> t == 0).count();
    return transactions.length == 0 ? 0 : none / (double) transactions.length;
  }
}
