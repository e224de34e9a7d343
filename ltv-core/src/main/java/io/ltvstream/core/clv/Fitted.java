package io.ltvstream.core.clv;

import java.util.Optional;

/**
 * A model fitted by maximum likelihood.
 *
 * @param model the fitted model; at a {@link Limit}, the limit's model
 * @param logLikelihood the maximised log-likelihood
 * @param summary what the fit did: log-likelihood, parameters, starts that agreed, evaluations
 * @param limit present when the fit reached a boundary of the model asked for where it becomes a
 *     simpler one, which {@link #model} then is
 */
public record Fitted<M>(M model, double logLikelihood, String summary, Optional<Limit> limit) {
  /** A fit that found an optimum of the model asked for. */
  public Fitted(M model, double logLikelihood, String summary) {
    this(model, logLikelihood, summary, Optional.empty());
  }

  /**
   * A boundary of a model's parameters where it becomes a simpler model: BG/NBD and Pareto/NBD
   * become the NBD when nobody drops out. Not a failure: the simpler model fits the data as well
   * and predicts them.
   *
   * @param model the simpler model's name, e.g. "NBD"
   * @param boundary the direction the fit took, e.g. "s -> 0"
   * @param warning one line for the user: what the fit did and what that means for predictions
   */
  public record Limit(String model, String boundary, String warning) {}
}
