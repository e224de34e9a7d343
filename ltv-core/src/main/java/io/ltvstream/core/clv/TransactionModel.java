package io.ltvstream.core.clv;

import java.util.Map;

/**
 * A fitted customer-base model of purchase counts ("buy till you die"): BG/NBD or Pareto/NBD.
 * Time is in the unit of the data it was fitted on (weeks in this project).
 */
public interface TransactionModel {
  /** Parameters by their names in the literature, in the literature's order. */
  Map<String, Double> params();

  /** Log-likelihood of one customer with x repeat transactions, the last at t_x, observed for T. */
  double logLikelihood(int x, double tx, double age);

  /** Log-likelihood of all customers of a table. */
  default double logLikelihood(RfmTable data) {
    double total = 0;
    for (int i = 0; i < data.rows(); i++) {
      total += data.weight(i) * logLikelihood(data.frequency(i), data.recency(i), data.age(i));
    }
    return total;
  }

  /** Expected repeat transactions in the next {@code t} of a customer with history (x, t_x, T). */
  double conditionalExpectedTransactions(double t, int x, double tx, double age);

  /** Probability that a customer with history (x, t_x, T) is still alive at T. */
  double probabilityAlive(int x, double tx, double age);

  /**
   * Probability that a customer with history (x, t_x, T) makes at least one transaction in the
   * next {@code t}: P(X(T, T+t) > 0 | x, t_x, T).
   */
  double probabilityOfPurchase(double t, int x, double tx, double age);

  /** Expected repeat transactions in {@code (0, t]} of a customer who made the first at 0. */
  double expectedTransactions(double t);
}
