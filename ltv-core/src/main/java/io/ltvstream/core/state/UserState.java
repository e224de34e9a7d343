package io.ltvstream.core.state;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.clv.RfmSummary;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * One user's state: the RFM summary, time-bucketed purchase windows, refunds, the latest event
 * time, the recurrent network's hidden and cell state with the version of the model that built
 * them, the last step vectors (to rebuild h/c for another model) and the ids of the last events
 * (so that an event seen before changes nothing), and the open monitoring window's prediction and
 * outcome ({@link MonitoredWindow}). Mutable and not thread-safe: one instance per user, owned by one stream thread (or one
 * training replay). {@link #update} is the single state-update code path of the project.
 */
public final class UserState {
  static final long NONE = Long.MIN_VALUE;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final float[] EMPTY = new float[0];
  /**
   * The longest grace whose late events all fall on a day the 7-day daily ring still holds, so that
   * a late purchase on a day already counted is known as such: one day less than the ring.
   */
  public static final Duration MAX_GRACE = Duration.ofDays(WindowBuckets.BUCKETS[0] - 1);

  long firstEventMillis = NONE;
  long lastEventMillis = NONE;
  long firstPurchaseDay = NONE;
  long lastPurchaseDay = NONE;
  int purchaseDays;
  int eventCount;
  int refundCount;
  double purchaseSpend;
  /** Spend of the first purchase day: RFM's m_x is the mean of the days after it. */
  double firstPurchaseDaySpend;
  float refundAmount;
  final WindowBuckets windows = new WindowBuckets();
  String modelVersion = "";
  float[] hidden = EMPTY;
  float[] cell = EMPTY;
  final ReplaySteps replaySteps = new ReplaySteps();
  final RecentEventIds recentEventIds = new RecentEventIds();
  final MonitoredWindow monitoredWindow = new MonitoredWindow();

  /** {@link #modelVersion} in UTF-8 as the codec stores it, and the string it was made of. */
  private byte[] modelVersionUtf8;
  private String modelVersionOfUtf8;

  /** A user nobody has seen yet. */
  public UserState() {}

  /**
   * Makes this state a user nobody has seen yet, keeping its arrays: one state is reused for every
   * user a scorer task loads, so scoring an event allocates no state.
   */
  public void clear() {
    firstEventMillis = NONE;
    lastEventMillis = NONE;
    firstPurchaseDay = NONE;
    lastPurchaseDay = NONE;
    purchaseDays = 0;
    eventCount = 0;
    refundCount = 0;
    purchaseSpend = 0;
    firstPurchaseDaySpend = 0;
    refundAmount = 0;
    windows.clear();
    modelVersion = "";
    hidden = EMPTY;
    cell = EMPTY;
    replaySteps.resize(0);
    recentEventIds.clear();
    monitoredWindow.clear();
  }

  /** The model version in UTF-8, made once per version string (a swap), not once per value coded. */
  byte[] modelVersionUtf8() {
    if (modelVersionOfUtf8 != modelVersion) {
      modelVersionUtf8 = modelVersion.getBytes(StandardCharsets.UTF_8);
      modelVersionOfUtf8 = modelVersion;
    }
    return modelVersionUtf8;
  }

  /** A deep copy. */
  public UserState copy() {
    UserState copy = new UserState();
    copy.firstEventMillis = firstEventMillis;
    copy.lastEventMillis = lastEventMillis;
    copy.firstPurchaseDay = firstPurchaseDay;
    copy.lastPurchaseDay = lastPurchaseDay;
    copy.purchaseDays = purchaseDays;
    copy.eventCount = eventCount;
    copy.refundCount = refundCount;
    copy.purchaseSpend = purchaseSpend;
    copy.firstPurchaseDaySpend = firstPurchaseDaySpend;
    copy.refundAmount = refundAmount;
    copy.windows.copyFrom(windows);
    copy.modelVersion = modelVersion;
    copy.hidden = hidden.clone();
    copy.cell = cell.clone();
    copy.replaySteps.copyFrom(replaySteps);
    copy.recentEventIds.copyFrom(recentEventIds);
    copy.monitoredWindow.copyFrom(monitoredWindow);
    return copy;
  }

  /**
   * Applies one event. An event whose id is among the user's last {@value
   * RecentEventIds#CAPACITY} applied ones leaves the state untouched and is reported as {@link
   * UpdateOutcome.Kind#DUPLICATE}. Events at or after the latest one are in order. An earlier event
   * within {@code grace} of the latest still updates the summary and the windows (and is reported
   * as {@link UpdateOutcome.Kind#OUT_OF_ORDER}); one older than that leaves the state untouched and
   * is reported as {@link UpdateOutcome.Kind#TOO_LATE}, for the caller to count and dead-letter.
   * The recurrent h/c and the replay steps are not touched here: the model steps them.
   *
   * @throws IllegalArgumentException when {@code grace} is longer than {@link #MAX_GRACE}
   */
  public UpdateOutcome update(EngineeredEvent event, Duration grace) {
    Objects.requireNonNull(event, "event");
    requireGraceWithinRings(grace);
    // an empty id names no event in particular: it is never taken for a duplicate
    long idHash = RecentEventIds.hash(event.getEventId());
    boolean identified = !event.getEventId().isEmpty();
    if (identified && recentEventIds.contains(idHash)) {
      return UpdateOutcome.DUPLICATE;
    }
    long time = event.getEventTime().toEpochMilli();
    long day = Math.floorDiv(time, DAY_MILLIS);
    boolean first = eventCount == 0;
    UpdateOutcome.Kind kind;
    double sincePrevious = 0;
    if (first || time >= lastEventMillis) {
      kind = UpdateOutcome.Kind.IN_ORDER;
      if (!first) {
        sincePrevious = (time - lastEventMillis) / (double) DAY_MILLIS;
        windows.advance(Math.floorDiv(lastEventMillis, DAY_MILLIS), day);
      }
    } else if (lastEventMillis - time <= grace.toMillis()) {
      kind = UpdateOutcome.Kind.OUT_OF_ORDER;
    } else {
      return UpdateOutcome.TOO_LATE;
    }
    long newestDay = first ? day : Math.floorDiv(Math.max(time, lastEventMillis), DAY_MILLIS);
    boolean newPurchaseDay = false;
    double amount = event.getAmountBase();
    double netSpend = 0;
    if (event.getIsPurchase()) {
      newPurchaseDay = isNewPurchaseDay(day, newestDay);
      double spend = Math.max(0, amount);
      if (newPurchaseDay) {
        purchaseDays++;
        if (firstPurchaseDay == NONE || day < firstPurchaseDay) {
          firstPurchaseDay = day;
          firstPurchaseDaySpend = spend;
        }
        lastPurchaseDay = lastPurchaseDay == NONE ? day : Math.max(lastPurchaseDay, day);
      } else if (day == firstPurchaseDay) {
        firstPurchaseDaySpend += spend;
      }
      purchaseSpend += spend;
      netSpend = spend;
      windows.add(day, newestDay, spend);
    } else if (event.getIsRefund()) {
      refundCount++;
      refundAmount += (float) Math.abs(amount);
      netSpend = -Math.abs(amount);
    }
    monitoredWindow.record(day, netSpend, newPurchaseDay);
    eventCount++;
    firstEventMillis = first ? time : Math.min(firstEventMillis, time);
    lastEventMillis = first ? time : Math.max(lastEventMillis, time);
    if (identified) {
      recentEventIds.add(idHash);
    }
    return new UpdateOutcome(kind, sincePrevious, newPurchaseDay);
  }

  /**
   * Refuses a grace longer than {@link #MAX_GRACE}: with it, a late purchase could fall on a day
   * the daily ring no longer holds and be counted as a new purchase day although it is not.
   */
  public static void requireGraceWithinRings(Duration grace) {
    if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
      throw new IllegalArgumentException("a grace of " + grace + " is outside [PT0S, " + MAX_GRACE
          + "]: a late purchase more than " + MAX_GRACE + " before the latest event falls outside the "
          + WindowBuckets.BUCKETS[0] + "-day daily ring, which decides whether its day was already counted");
    }
  }

  private boolean isNewPurchaseDay(long day, long newestDay) {
    if (purchaseDays == 0) {
      return true;
    }
    if (day == lastPurchaseDay || day == firstPurchaseDay) {
      return false;
    }
    if (day > lastPurchaseDay) {
      return true;
    }
    // A late purchase between earlier purchase days: the daily ring knows the last week exactly.
    Boolean known = windows.purchasedOn(day, newestDay);
    return known == null || !known;
  }

  /**
   * The RFM summary of a query at {@code atMillis}, in the project's one convention ({@link
   * RfmSummary}): the same numbers the evaluator's cohort split gives for the same purchases.
   */
  public RfmSummary rfm(long atMillis) {
    if (purchaseDays == 0) {
      return RfmSummary.NONE;
    }
    return RfmSummary.of(firstPurchaseDay, lastPurchaseDay, purchaseDays, purchaseSpend - firstPurchaseDaySpend,
        RfmSummary.observationDay(atMillis, lastPurchaseDay), purchaseSpend - refundAmount);
  }

  /** Repeat purchase days. */
  public int frequency() {
    return Math.max(0, purchaseDays - 1);
  }

  /** Days from the first to the last purchase day. */
  public double recencyDays() {
    return purchaseDays == 0 ? 0 : lastPurchaseDay - firstPurchaseDay;
  }

  /** Days from the first event to {@code atMillis}. */
  public double tenureDays(long atMillis) {
    return eventCount == 0 ? 0 : Math.max(0, atMillis - firstEventMillis) / (double) DAY_MILLIS;
  }

  /** Mean spend per purchase day, the first included (a network feature; RFM's m_x is {@link #rfm}'s); 0 without purchases. */
  public double meanSpendPerPurchaseDay() {
    return purchaseDays == 0 ? 0 : purchaseSpend / purchaseDays;
  }

  /** Days from the latest event to {@code atMillis} (0 for a user without events). */
  public double daysSinceLastEvent(long atMillis) {
    return eventCount == 0 ? 0 : Math.max(0, atMillis - lastEventMillis) / (double) DAY_MILLIS;
  }

  /** Days from the last purchase day's start to {@code atMillis}; 0 without purchases. */
  public double daysSinceLastPurchase(long atMillis) {
    return purchaseDays == 0 ? 0 : Math.max(0, atMillis - lastPurchaseDay * DAY_MILLIS) / (double) DAY_MILLIS;
  }

  /** Purchases in the window of {@code windowDays} (7, 30, 90 or 365) ending at {@code atMillis}. */
  public int windowCount(int windowDays, long atMillis) {
    return eventCount == 0 ? 0 : windows.count(windowIndex(windowDays), Math.floorDiv(atMillis, DAY_MILLIS),
        Math.floorDiv(lastEventMillis, DAY_MILLIS));
  }

  /** Purchase spend in the window of {@code windowDays} (7, 30, 90 or 365) ending at {@code atMillis}. */
  public double windowSpend(int windowDays, long atMillis) {
    return eventCount == 0 ? 0 : windows.spend(windowIndex(windowDays), Math.floorDiv(atMillis, DAY_MILLIS),
        Math.floorDiv(lastEventMillis, DAY_MILLIS));
  }

  private static int windowIndex(int windowDays) {
    for (int w = 0; w < WindowBuckets.WINDOWS; w++) {
      if (WindowBuckets.WINDOW_DAYS[w] == windowDays) {
        return w;
      }
    }
    throw new IllegalArgumentException("No " + windowDays + "-day window; windows are "
        + Arrays.toString(WindowBuckets.WINDOW_DAYS));
  }

  /** The window lengths kept, in days. */
  public static int[] windowDays() {
    return WindowBuckets.WINDOW_DAYS.clone();
  }

  public int eventCount() {
    return eventCount;
  }

  public int purchaseDays() {
    return purchaseDays;
  }

  public double purchaseSpend() {
    return purchaseSpend;
  }

  public int refundCount() {
    return refundCount;
  }

  public double refundAmount() {
    return refundAmount;
  }

  /** Epoch millis of the first event, or {@link Long#MIN_VALUE} for a user without events. */
  public long firstEventMillis() {
    return firstEventMillis;
  }

  /** Epoch millis of the latest event, or {@link Long#MIN_VALUE} for a user without events. */
  public long lastEventMillis() {
    return lastEventMillis;
  }

  /** The version of the model whose h/c this state holds ("" when none). */
  public String modelVersion() {
    return modelVersion;
  }

  /** The recurrent hidden state, updated in place by the model's step. */
  public float[] hidden() {
    return hidden;
  }

  /** The recurrent cell state, updated in place by the model's step. */
  public float[] cell() {
    return cell;
  }

  /** The last step vectors, oldest first, that rebuild h/c for another model version. */
  public ReplaySteps replaySteps() {
    return replaySteps;
  }

  /** Hashes of the ids of the last applied events. */
  public RecentEventIds recentEventIds() {
    return recentEventIds;
  }

  /** The open monitoring window's prediction and outcome so far (the scorer opens and closes it). */
  public MonitoredWindow monitoredWindow() {
    return monitoredWindow;
  }

  /** Zeroes the recurrent state for {@code version}'s network of {@code units} units. */
  public void resetRecurrent(String version, int units) {
    modelVersion = Objects.requireNonNull(version, "version");
    if (hidden.length != units) {
      hidden = new float[units];
      cell = new float[units];
    } else {
      Arrays.fill(hidden, 0f);
      Arrays.fill(cell, 0f);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserState s && firstEventMillis == s.firstEventMillis
        && lastEventMillis == s.lastEventMillis && firstPurchaseDay == s.firstPurchaseDay
        && lastPurchaseDay == s.lastPurchaseDay && purchaseDays == s.purchaseDays
        && eventCount == s.eventCount && refundCount == s.refundCount
        && purchaseSpend == s.purchaseSpend && firstPurchaseDaySpend == s.firstPurchaseDaySpend
        && refundAmount == s.refundAmount
        && windows.equals(s.windows) && modelVersion.equals(s.modelVersion)
        && Arrays.equals(hidden, s.hidden) && Arrays.equals(cell, s.cell)
        && replaySteps.equals(s.replaySteps) && recentEventIds.equals(s.recentEventIds)
        && monitoredWindow.equals(s.monitoredWindow);
  }

  @Override
  public int hashCode() {
    return Objects.hash(firstEventMillis, lastEventMillis, purchaseDays, eventCount, purchaseSpend,
        modelVersion, Arrays.hashCode(hidden));
  }

  @Override
  public String toString() {
    return "UserState{events=" + eventCount + ", purchaseDays=" + purchaseDays + ", spend="
        + purchaseSpend + ", refunds=" + refundCount + ", model=" + modelVersion + "}";
  }
}
