package io.ltvstream.core.eval;

import io.ltvstream.core.clv.RfmSummary;

/**
 * {@code naive}: the calibration repeat rate carried forward, {@code x / T * t} transactions
 * (0 when T = 0), each worth the user's mean calibration spend per transaction. Read as a
 * Poisson count at that rate, the probability of any purchase in the holdout is
 * {@code 1 - exp(-x / T * t)}.
 */
public final class NaivePredictor implements LtvPredictor {
  @Override
  public String name() {
    return "naive";
  }

  @Override
  public Prediction predict(CalibrationSet calibration) {
    int n = calibration.size();
    double horizon = calibration.holdoutWeeks();
    double[] transactions = new double[n];
    double[] spend = new double[n];
    double[] purchase = new double[n];
    for (int i = 0; i < n; i++) {
      RfmSummary rfm = calibration.users().get(i).rfm();
      transactions[i] = rfm.age() > 0 ? rfm.frequency() / rfm.age() * horizon : 0;
      spend[i] = transactions[i] * rfm.spend() / rfm.transactions();
      purchase[i] = -Math.expm1(-transactions[i]);
    }
    return Prediction.of(transactions, spend).withPurchaseProbability(purchase);
  }
}
