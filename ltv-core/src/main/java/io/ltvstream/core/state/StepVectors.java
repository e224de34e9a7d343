package io.ltvstream.core.state;

import static io.ltvstream.core.features.EventFeatures.signedLog1p;

import io.ltvstream.avro.EngineeredEvent;

/**
 * Builds the network's raw (not yet normalized) input vectors. An event step follows each
 * applied event: the event's own features plus temporal features from the state after the
 * update. A query step asks for a score at some time without changing the state: it carries
 * the time since the latest event, the windows as of that time and the summary, so the value
 * head sees how long the user has been idle. The model normalizes with statistics it stores.
 */
public final class StepVectors {
  /** Bump when a component's definition changes; models record the version they were trained on. */
  public static final int STEP_SPEC_VERSION = 1;

  public static final int IS_QUERY = 0;
  public static final int IS_PURCHASE = 1;
  public static final int IS_REFUND = 2;
  public static final int IS_ENGAGEMENT = 3;
  public static final int LOG_AMOUNT = 4;
  public static final int HOUR_SIN = 5;
  public static final int HOUR_COS = 6;
  public static final int WEEKDAY_SIN = 7;
  public static final int WEEKDAY_COS = 8;
  public static final int IS_WEEKEND = 9;
  public static final int HAS_CATEGORY = 10;
  public static final int LOG_DAYS_SINCE_PREVIOUS = 11;
  public static final int LOG_DAYS_SINCE_FIRST = 12;
  /** Four components: log1p of purchases in the 7, 30, 90 and 365-day windows. */
  public static final int LOG_WINDOW_COUNTS = 13;
  /** Four components: log1p of spend in the 7, 30, 90 and 365-day windows. */
  public static final int LOG_WINDOW_SPEND = 17;
  public static final int LOG_MEAN_SPEND = 21;
  public static final int LOG_FREQUENCY = 22;
  public static final int LOG_REFUNDS = 23;
  public static final int LOG_REFUND_AMOUNT = 24;
  public static final int NEW_PURCHASE_DAY = 25;
  public static final int LOG_DAYS_SINCE_PURCHASE = 26;
  public static final int LOG_RECENCY = 27;
  /** Length of a step vector. */
  public static final int SIZE = 28;

  private static final String[] NAMES = {
    "is_query", "is_purchase", "is_refund", "is_engagement", "log_amount", "hour_sin", "hour_cos",
    "weekday_sin", "weekday_cos", "is_weekend", "has_category", "log_days_since_previous",
    "log_days_since_first", "log_count_7d", "log_count_30d", "log_count_90d", "log_count_365d",
    "log_spend_7d", "log_spend_30d", "log_spend_90d", "log_spend_365d", "log_mean_spend",
    "log_frequency", "log_refunds", "log_refund_amount", "new_purchase_day",
    "log_days_since_purchase", "log_recency"
  };

  private StepVectors() {}

  /** Component names, index-aligned with the vector. */
  public static String[] names() {
    return NAMES.clone();
  }

  /**
   * Writes the step for {@code event}, which {@code state.update} just applied with
   * {@code outcome}, into {@code out[0..SIZE)}.
   */
  public static void event(EngineeredEvent event, UserState state, UpdateOutcome outcome, float[] out) {
    if (!outcome.applied()) {
      throw new IllegalArgumentException("Event " + event.getEventId() + " of user "
          + event.getUserId() + " was not applied (" + outcome.kind() + "): it has no step");
    }
    long time = event.getEventTime().toEpochMilli();
    out[IS_QUERY] = 0f;
    out[IS_PURCHASE] = flag(event.getIsPurchase());
    out[IS_REFUND] = flag(event.getIsRefund());
    out[IS_ENGAGEMENT] = flag(event.getIsEngagement());
    out[LOG_AMOUNT] = (float) event.getLogAmount();
    out[HOUR_SIN] = (float) event.getHourSin();
    out[HOUR_COS] = (float) event.getHourCos();
    out[WEEKDAY_SIN] = (float) event.getWeekdaySin();
    out[WEEKDAY_COS] = (float) event.getWeekdayCos();
    out[IS_WEEKEND] = flag(event.getIsWeekend());
    out[HAS_CATEGORY] = flag(event.getCategoryBucket() > 0);
    out[LOG_DAYS_SINCE_PREVIOUS] = log1p(outcome.daysSincePreviousEvent());
    out[NEW_PURCHASE_DAY] = flag(outcome.newPurchaseDay());
    temporal(state, time, out);
  }

  /** Writes the query step for scoring {@code state} at {@code atMillis} into {@code out[0..SIZE)}. */
  public static void query(UserState state, long atMillis, float[] out) {
    for (int i = IS_QUERY; i <= HAS_CATEGORY; i++) {
      out[i] = 0f;
    }
    out[IS_QUERY] = 1f;
    out[LOG_DAYS_SINCE_PREVIOUS] = log1p(state.daysSinceLastEvent(atMillis));
    out[NEW_PURCHASE_DAY] = 0f;
    temporal(state, atMillis, out);
  }

  private static void temporal(UserState state, long atMillis, float[] out) {
    out[LOG_DAYS_SINCE_FIRST] = log1p(state.tenureDays(atMillis));
    int[] windows = WindowBuckets.WINDOW_DAYS;
    for (int w = 0; w < windows.length; w++) {
      out[LOG_WINDOW_COUNTS + w] = log1p(state.windowCount(windows[w], atMillis));
      out[LOG_WINDOW_SPEND + w] = log1p(state.windowSpend(windows[w], atMillis));
    }
    out[LOG_MEAN_SPEND] = log1p(state.meanSpendPerPurchaseDay());
    out[LOG_FREQUENCY] = log1p(state.frequency());
    out[LOG_REFUNDS] = log1p(state.refundCount());
    out[LOG_REFUND_AMOUNT] = log1p(state.refundAmount());
    out[LOG_DAYS_SINCE_PURCHASE] = log1p(state.daysSinceLastPurchase(atMillis));
    out[LOG_RECENCY] = log1p(state.recencyDays());
  }

  private static float flag(boolean b) {
    return b ? 1f : 0f;
  }

  private static float log1p(double x) {
    return (float) signedLog1p(x);
  }
}
