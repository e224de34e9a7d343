package io.ltvstream.core.clv;

/**
 * A model fitted by maximum likelihood.
 *
 * @param model the fitted model
 * @param logLikelihood the maximised log-likelihood
 * @param summary what the fit did: log-likelihood, parameters, starts that agreed, evaluations
 */
public record Fitted<M>(M model, double logLikelihood, String summary) {}
