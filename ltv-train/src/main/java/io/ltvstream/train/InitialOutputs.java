package io.ltvstream.train;

import io.ltvstream.model.ValueHead;
import java.util.List;

/**
 * The output biases a network starts training with: the value head of a constant user fit to the
 * training labels (a decay of one over the mean horizon, the purchase rate whose decaying integral
 * gives the labels' purchase days, and the mean and spread of log spend per purchase day), so that
 * training learns who differs from the mean instead of first the mean's scale. Started at zero the
 * head predicts spend per purchase day e^0.5 where real shops see tens, and a short training
 * grows the lognormal's sigma to cover the gap.
 */
final class InitialOutputs {
  private static final double MIN_SIGMA = 0.1;

  private InitialOutputs() {}

  /** The four head biases ({@link ValueHead}'s order) for {@code examples}. */
  static float[] of(List<TrainingExamples.Example> examples) {
    double horizons = 0;
    int labelled = 0;
    for (TrainingExamples.Example e : examples) {
      if (e.horizonDays() > 0) {
        horizons += e.horizonDays();
        labelled++;
      }
    }
    if (labelled == 0) {
      return new float[ValueHead.OUTPUTS];
    }
    double logDecay = ValueHead.clamp(-Math.log(horizons / labelled), ValueHead.MIN_LOG_DECAY, ValueHead.MAX_LOG_DECAY);
    double count = 0;
    double exposure = 0;
    double logSpend = 0;
    double logSpendSquares = 0;
    int buyers = 0;
    for (TrainingExamples.Example e : examples) {
      if (e.horizonDays() <= 0) {
        continue;
      }
      count += e.count();
      // purchase days at rate 1 under the decay over the example's horizon
      exposure += ValueHead.expectedTransactions(0, logDecay, e.horizonDays());
      if (e.count() > 0 && e.spend() > 0) {
        double y = Math.log(e.spend() / e.count());
        logSpend += y;
        logSpendSquares += y * y;
        buyers++;
      }
    }
    double logRate = count > 0 ? ValueHead.clamp(Math.log(count / exposure), ValueHead.MIN_LOG_RATE, ValueHead.MAX_LOG_RATE)
        : ValueHead.MIN_LOG_RATE;
    double mu = buyers > 0 ? logSpend / buyers : 0;
    double variance = buyers > 1 ? Math.max(0, logSpendSquares / buyers - mu * mu) : 1;
    double logSigma = ValueHead.clamp(Math.log(Math.max(MIN_SIGMA, Math.sqrt(variance))), ValueHead.MIN_LOG_SIGMA,
        ValueHead.MAX_LOG_SIGMA);
    return new float[] {(float) logRate, (float) logDecay, (float) mu, (float) logSigma};
  }
}
