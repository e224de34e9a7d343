package io.ltvstream.core.eval;

import java.time.LocalDate;

/**
 * A user's calibration history summarised the way the customer-base models read it. Time is in
 * weeks. A transaction is a day (UTC) with at least one purchase; same-day purchases merge.
 *
 * @param firstPurchase the day of the first transaction
 * @param frequency {@code x}: repeat transactions in calibration (transactions after the first)
 * @param recency {@code t_x}: weeks from the first to the last transaction day (0 when x = 0)
 * @param age {@code T}: weeks from the first transaction day to the calibration end day (as in
 *     the literature and the lifetimes package: a first purchase on the calibration end has T = 0)
 * @param monetaryValue mean purchase amount of the repeat transactions (the Gamma-Gamma input;
 *     0 when x = 0)
 * @param spend calibration spend: purchases minus refunds, including the first transaction
 */
public record RfmSummary(
    LocalDate firstPurchase,
    int frequency,
    double recency,
    double age,
    double monetaryValue,
    double spend) {

  public RfmSummary {
    if (frequency < 0 || recency < 0 || recency > age) {
      throw new IllegalArgumentException("inconsistent summary: x=" + frequency + ", t_x="
          + recency + ", T=" + age);
    }
  }

  /** Number of transactions in calibration, the first one included: {@code x + 1}. */
  public int transactions() {
    return frequency + 1;
  }
}
