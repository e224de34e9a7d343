package io.ltvstream.core.eval;


/**
 * What the cohort actually did in the holdout, aligned with {@link CalibrationSet#users()}:
 * repeat transactions (distinct UTC days with a purchase) and spend (purchases minus refunds).
 * Only the evaluation sees it; predictors never do.
 */
public record HoldoutActuals(double[] transactions, double[] spend) {
  public HoldoutActuals {
    if (transactions.length != spend.length) {
      throw new IllegalArgumentException("transactions has " + transactions.length
          + " users but spend has " + spend.length);
    }
  }

  /** Total repeat transactions of the cohort in the holdout. */
  public double totalTransactions() {
    return sum(transactions);
  }

  /** Total spend of the cohort in the holdout. */
  public double totalSpend() {
    return sum(spend);
  }

  /** Per user, whether they made at least one purchase in the holdout. */
  public boolean[] bought() {
    boolean[] bought = new boolean[transactions.length];
    for (int i = 0; i < transactions.length; i++) {
      bought[i] = transactions[i] > 0;
    }
    return bought;
  }

  /** Number of users. */
  public int size() {
    return transactions.length;
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }
}
