package io.ltvstream.core.eval;


/**
 * How well a model's probability of any purchase in the holdout fits who bought (JSON
 * {@code probability {brier, log_loss}}).
 */
public record ProbabilityScores(double brier, double logLoss) {
  public static ProbabilityScores of(double[] probability, boolean[] bought) {
    return new ProbabilityScores(Metrics.brier(probability, bought),
        Metrics.logLoss(probability, bought));
  }
}
