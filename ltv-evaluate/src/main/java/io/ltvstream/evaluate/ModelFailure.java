package io.ltvstream.evaluate;


/**
 * A model that produced no figures: its fit failed ({@code ModelFitException}) or its predictor
 * threw. The JSON ({@code "status": "failed", "reason": ...}), the table and the report show it
 * beside the models that did.
 *
 * @param name the predictor's name
 * @param reason why, from the exception's message
 * @param wallSeconds how long it ran before failing
 */
public record ModelFailure(String name, String reason, double wallSeconds) {
  /** The reason's first line, for the table's one-line note. */
  public String firstLine() {
    int end = reason.indexOf('\n');
    return end < 0 ? reason : reason.substring(0, end);
  }
}
