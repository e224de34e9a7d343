package io.ltvstream.core.clv;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * A shop whose customers never drop out, like the wholesale buyers of a real online-retail log:
 * each buys as a Poisson process for ever, with a rate lambda ~ Gamma(r, alpha) across customers
 * (the NBD). Customers are born on a day of the first year and observed until week 78; the rates
 * are spread enough that the heaviest make hundreds of purchases. Times are in weeks, rounded to
 * days as the RFM summaries of real logs are.
 */
record NoDropoutCustomers(int[] frequency, double[] recency, double[] age, int[] holdout,
    double holdoutWeeks) {
  static final double CALIBRATION_WEEKS = 78;
  static final double BIRTH_WEEKS = 52;

  /**
   * @param truth the purchase process
   * @param customers how many
   * @param holdoutWeeks the holdout horizon after the calibration end
   */
  static NoDropoutCustomers simulate(Nbd truth, int customers, double holdoutWeeks, long seed) {
    Well19937c random = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(random, truth.r(), 1 / truth.alpha());
    int[] x = new int[customers];
    double[] tx = new double[customers];
    double[] ages = new double[customers];
    int[] holdout = new int[customers];
    for (int i = 0; i < customers; i++) {
      double lambda = rates.sample();
      double age = days(CALIBRATION_WEEKS - random.nextInt((int) (7 * BIRTH_WEEKS)) / 7.0);
      // Given their count, Poisson purchase times are uniform: the last is the largest of x.
      int count = poisson(random, lambda * age);
      double last = 0;
      for (int k = 0; k < count; k++) {
        last = Math.max(last, random.nextDouble() * age);
      }
      x[i] = count;
      tx[i] = Math.min(days(last), age);
      ages[i] = age;
      holdout[i] = poisson(random, lambda * holdoutWeeks);
    }
    return new NoDropoutCustomers(x, tx, ages, holdout, holdoutWeeks);
  }

  RfmTable table() {
    return RfmTable.of(frequency, recency, age);
  }

  long holdoutTransactions() {
    long total = 0;
    for (int h : holdout) {
      total += h;
    }
    return total;
  }

  int maxFrequency() {
    int max = 0;
    for (int x : frequency) {
      max = Math.max(max, x);
    }
    return max;
  }

  /** Sum over customers of the model's expected holdout transactions given each history. */
  double predictedHoldoutTransactions(TransactionModel model) {
    double total = 0;
    for (int i = 0; i < frequency.length; i++) {
      total += model.conditionalExpectedTransactions(holdoutWeeks, frequency[i], recency[i],
          age[i]);
    }
    return total;
  }

  private static int poisson(Well19937c random, double mean) {
    return mean <= 0 ? 0 : new PoissonDistribution(random, mean,
        PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
  }

  private static double days(double weeks) {
    return Math.round(weeks * 7) / 7.0;
  }
}
