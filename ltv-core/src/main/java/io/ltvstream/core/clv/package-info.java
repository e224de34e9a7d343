/**
 * The classic customer-base ("buy till you die") models of customer lifetime value: BG/NBD
 * ({@link io.ltvstream.core.clv.BgNbd}), Pareto/NBD ({@link io.ltvstream.core.clv.ParetoNbd})
 * and Gamma-Gamma for spend per transaction ({@link io.ltvstream.core.clv.GammaGamma}), fitted
 * by maximum likelihood in log-parameter space from several starts; the NBD
 * ({@link io.ltvstream.core.clv.Nbd}), the limit of the first two when nobody drops out, which a
 * fit reports instead of failing ({@link io.ltvstream.core.clv.Fitted#limit()}); and the Gaussian
 * hypergeometric function they need ({@link io.ltvstream.core.clv.Hypergeometric2F1}).
 * Pure math over arrays: no events, no I/O.
 */
package io.ltvstream.core.clv;
