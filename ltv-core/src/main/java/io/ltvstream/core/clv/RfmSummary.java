package io.ltvstream.core.clv;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A user's purchase history summarised the way the customer-base models read it: the project's
 * one RFM convention, used by the evaluator's cohort split, the trainer's baseline fit and the
 * scorer's baseline alike (docs/evaluation.md, "The RFM convention").
 *
 * <ul>
 *   <li>A transaction is a UTC day with at least one purchase; same-day purchases merge.
 *   <li>{@code x} ({@link #frequency}): repeat transactions, the days after the first.
 *   <li>{@code t_x} ({@link #recency}): weeks from the first to the last transaction day.
 *   <li>{@code T} ({@link #age}): weeks from the first transaction day to the last day observed,
 *       {@link #observationDay}: for the evaluation's cutoff (the midnight after the calibration
 *       end) that is the calibration end day, so a first purchase on it has T = 0, as in the
 *       literature and the lifetimes package.
 *   <li>{@code m_x} ({@link #monetaryValue}): the mean spend of the repeat transaction days, the
 *       first excluded (Gamma-Gamma is fit and applied on it); 0 when x = 0.
 * </ul>
 *
 * @param firstPurchase the day of the first transaction (null when there was none)
 * @param frequency {@code x}
 * @param recency {@code t_x}, weeks
 * @param age {@code T}, weeks
 * @param monetaryValue {@code m_x}
 * @param spend all purchases minus refunds, the first transaction included
 */
public record RfmSummary(
    LocalDate firstPurchase,
    int frequency,
    double recency,
    double age,
    double monetaryValue,
    double spend) {
  private static final double DAYS_PER_WEEK = 7;
  private static final long DAY_MILLIS = 86_400_000L;

  /** The summary of a user without purchases. */
  public static final RfmSummary NONE = new RfmSummary(null, 0, 0, 0, 0, 0);

  public RfmSummary {
    if (frequency < 0 || recency < 0 || recency > age) {
      throw new IllegalArgumentException("inconsistent summary: x=" + frequency + ", t_x="
          + recency + ", T=" + age);
    }
  }

  /**
   * The last day observed by a query at {@code atMillis}: the UTC day of the instant just before
   * it (so the midnight after a day observes that day), never before {@code lastPurchaseDay}.
   */
  public static long observationDay(long atMillis, long lastPurchaseDay) {
    return Math.max(lastPurchaseDay, Math.floorDiv(atMillis - 1, DAY_MILLIS));
  }

  /**
   * The summary of purchase days (epoch day to that day's purchase spend, at least one) observed
   * up to {@code observationDay} (epoch day).
   */
  public static RfmSummary of(NavigableMap<Long, Double> purchaseDaySpend, long observationDay, double spend) {
    long first = purchaseDaySpend.firstKey();
    double repeatSpend = 0;
    for (Map.Entry<Long, Double> day : purchaseDaySpend.tailMap(first, false).entrySet()) {
      repeatSpend += day.getValue();
    }
    return of(first, purchaseDaySpend.lastKey(), purchaseDaySpend.size(), repeatSpend, observationDay, spend);
  }

  /**
   * The summary from running totals: {@code purchaseDays} transaction days from {@code
   * firstPurchaseDay} to {@code lastPurchaseDay} (epoch days), whose days after the first spent
   * {@code repeatSpend}.
   */
  public static RfmSummary of(long firstPurchaseDay, long lastPurchaseDay, int purchaseDays, double repeatSpend,
      long observationDay, double spend) {
    int frequency = purchaseDays - 1;
    return new RfmSummary(LocalDate.ofEpochDay(firstPurchaseDay), frequency,
        (lastPurchaseDay - firstPurchaseDay) / DAYS_PER_WEEK,
        (Math.max(observationDay, lastPurchaseDay) - firstPurchaseDay) / DAYS_PER_WEEK,
        frequency == 0 ? 0 : repeatSpend / frequency, spend);
  }

  /** Number of transactions, the first one included: {@code x + 1} (0 without purchases). */
  public int transactions() {
    return firstPurchase == null ? 0 : frequency + 1;
  }

  /** {@code t_x} in days. */
  public double recencyDays() {
    return recency * DAYS_PER_WEEK;
  }

  /** {@code T} in days. */
  public double ageDays() {
    return age * DAYS_PER_WEEK;
  }
}
