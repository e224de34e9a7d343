package io.ltvstream.core.eval;


/**
 * How well a model's spend quantiles fit the holdout spend (JSON {@code quantiles {p10_share,
 * p50_share, p90_share, pinball_p10, pinball_p50, pinball_p90}}): the share of users at or below
 * each quantile (ties at zero by the randomised PIT, see {@link Metrics#quantileShare}), which a
 * calibrated model puts at the level, and the pinball loss at each level.
 */
public record QuantileScores(double p10Share, double p50Share, double p90Share,
    double pinballP10, double pinballP50, double pinballP90) {

  /** @param probabilityOfZero each user's predicted probability of no purchase, or null */
  public static QuantileScores of(Prediction.SpendQuantiles quantiles, double[] actualSpend,
      double[] probabilityOfZero) {
    double[] levels = Prediction.SpendQuantiles.LEVELS;
    return new QuantileScores(
        Metrics.quantileShare(quantiles.p10(), actualSpend, levels[0], probabilityOfZero),
        Metrics.quantileShare(quantiles.p50(), actualSpend, levels[1], probabilityOfZero),
        Metrics.quantileShare(quantiles.p90(), actualSpend, levels[2], probabilityOfZero),
        Metrics.pinball(quantiles.p10(), actualSpend, levels[0]),
        Metrics.pinball(quantiles.p50(), actualSpend, levels[1]),
        Metrics.pinball(quantiles.p90(), actualSpend, levels[2]));
  }

  /**
   * The PIT histogram at the model's levels: the shares of users in [0, p10], (p10, p50],
   * (p50, p90] and above p90; a calibrated model gives 0.1, 0.4, 0.4, 0.1.
   */
  public double[] pitHistogram() {
    return new double[] {p10Share, p50Share - p10Share, p90Share - p50Share, 1 - p90Share};
  }
}
