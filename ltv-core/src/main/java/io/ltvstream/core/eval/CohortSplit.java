package io.ltvstream.core.eval;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.core.clv.RfmSummary;
import io.ltvstream.core.history.EventColumns;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The evaluation protocol of ARCHITECTURE.md applied to a history of events:
 * <ul>
 *   <li>cohort: users whose first purchase is on or before the calibration end;
 *   <li>a transaction is a UTC day with at least one purchase (same-day purchases merge);
 *   <li>targets per user in {@code (calibration end, holdout end]}: repeat transactions and spend
 *       (purchases minus refunds);
 *   <li>models see only events before the end of the calibration end day
 *       ({@link #calibration()}); the targets stay in {@link #actuals()}.
 * </ul>
 * Events after the holdout end are ignored (and counted). Users are ordered by user id.
 */
public final class CohortSplit {
  private static final double DAYS_PER_WEEK = 7.0;
  static final int PROGRESS_EVERY_USERS = 10_000;

  private final CalibrationSet calibration;
  private final HoldoutActuals actuals;
  private final double[] actualTracking;
  private final long eventsRead;
  private final long eventsAfterHoldout;
  private final int usersWithoutCalibrationPurchase;

  private CohortSplit(CalibrationSet calibration, HoldoutActuals actuals, double[] actualTracking,
      long eventsRead, long eventsAfterHoldout, int usersWithoutCalibrationPurchase) {
    this.calibration = calibration;
    this.actuals = actuals;
    this.actualTracking = actualTracking;
    this.eventsRead = eventsRead;
    this.eventsAfterHoldout = eventsAfterHoldout;
    this.usersWithoutCalibrationPurchase = usersWithoutCalibrationPurchase;
  }

  /** Splits a history (any order) at the calibration end. */
  public static CohortSplit of(Iterable<EngineeredEvent> events, LocalDate calibrationEnd,
      LocalDate holdoutEnd) {
    return of(EventColumns.of(events), calibrationEnd, holdoutEnd);
  }

  /**
   * Splits a history held in columns (any order) at the calibration end. The calibration set
   * keeps the cohort's calibration events in new columns, user by user; the rest of {@code
   * events} is not referenced afterwards.
   */
  public static CohortSplit of(EventColumns events, LocalDate calibrationEnd,
      LocalDate holdoutEnd) {
    return of(events, calibrationEnd, holdoutEnd, usersSplit -> {});
  }

  /**
   * Splits like {@link #of(EventColumns, LocalDate, LocalDate)}, telling {@code progress} how many
   * of the {@link EventColumns#users()} users it has split, every {@value #PROGRESS_EVERY_USERS}
   * users and at the end.
   */
  public static CohortSplit of(EventColumns events, LocalDate calibrationEnd,
      LocalDate holdoutEnd, LongConsumer progress) {
    if (!holdoutEnd.isAfter(calibrationEnd)) {
      throw new IllegalArgumentException("holdout end " + holdoutEnd
          + " must be after the calibration end " + calibrationEnd);
    }
    long calibrationCutoff = calibrationEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
        .toEpochMilli();
    long holdoutCutoff = holdoutEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
        .toEpochMilli();

    // each user's events before the holdout cutoff, in input order: a counting sort by user
    int users = events.users();
    int[] start = new int[users + 1];
    long afterHoldout = 0;
    for (int i = 0; i < events.size(); i++) {
      if (events.timeMillis(i) >= holdoutCutoff) {
        afterHoldout++;
      } else {
        start[events.user(i) + 1]++;
      }
    }
    for (int u = 0; u < users; u++) {
      start[u + 1] += start[u];
    }
    int[] order = new int[start[users]];
    int[] next = Arrays.copyOf(start, users);
    for (int i = 0; i < events.size(); i++) {
      if (events.timeMillis(i) < holdoutCutoff) {
        order[next[events.user(i)]++] = i;
      }
    }
    next = null;

    Integer[] byId = new Integer[users];
    for (int u = 0; u < users; u++) {
      byId[u] = u;
    }
    Arrays.sort(byId, Comparator.comparing(events::userId));
    List<Integer> cohortUsers = new ArrayList<>();
    List<RfmSummary> summaries = new ArrayList<>();
    int[] cut = new int[users];
    double[] transactions = new double[users];
    double[] spend = new double[users];
    List<int[]> repeatDays = new ArrayList<>();
    int calibrationEvents = 0;
    int withoutPurchase = 0;
    long usersSplit = 0;
    for (int u : byId) {
      if (++usersSplit % PROGRESS_EVERY_USERS == 0) {
        progress.accept(usersSplit);
      }
      int from = start[u];
      int to = start[u + 1];
      if (from == to) {
        continue; // every event after the holdout: not a user of this split
      }
      sortByTime(events, order, from, to);
      UserSplit split = UserSplit.of(events, order, from, to, calibrationCutoff, calibrationEnd);
      if (split == null) {
        withoutPurchase++;
        continue;
      }
      int k = cohortUsers.size();
      cohortUsers.add(u);
      summaries.add(split.rfm);
      cut[k] = split.calibrationEvents;
      transactions[k] = split.holdoutTransactions;
      spend[k] = split.holdoutSpend;
      repeatDays.add(split.repeatDays);
      calibrationEvents += split.calibrationEvents;
    }

    progress.accept(usersSplit);
    int size = cohortUsers.size();
    int[] kept = new int[calibrationEvents];
    int[] keptStart = new int[size + 1];
    for (int k = 0; k < size; k++) {
      int from = start[cohortUsers.get(k)];
      System.arraycopy(order, from, kept, keptStart[k], cut[k]);
      keptStart[k + 1] = keptStart[k] + cut[k];
    }
    order = null;
    EventColumns calibrationColumns = events.select(kept);
    List<UserHistory> cohort = new ArrayList<>(size);
    for (int k = 0; k < size; k++) {
      cohort.add(new UserHistory(events.userId(cohortUsers.get(k)),
          calibrationColumns.slice(keptStart[k], keptStart[k + 1]), summaries.get(k)));
    }
    CalibrationSet calibration = new CalibrationSet(calibrationEnd, holdoutEnd, cohort);
    double[] tracking = actualTracking(calibration, repeatDays);
    return new CohortSplit(calibration, new HoldoutActuals(Arrays.copyOf(transactions, size),
        Arrays.copyOf(spend, size)), tracking, events.size(), afterHoldout, withoutPurchase);
  }

  /**
   * Sorts {@code order[from, to)} by event time, ties in input order; a range already in order
   * (every user of a file in day or customer order) is left as it is.
   */
  private static void sortByTime(EventColumns events, int[] order, int from, int to) {
    boolean sorted = true;
    for (int k = from + 1; k < to && sorted; k++) {
      sorted = events.timeMillis(order[k - 1]) <= events.timeMillis(order[k]);
    }
    if (sorted) {
      return;
    }
    Integer[] range = new Integer[to - from];
    for (int k = from; k < to; k++) {
      range[k - from] = order[k];
    }
    Arrays.sort(range, Comparator.comparingLong(events::timeMillis)); // stable
    for (int k = from; k < to; k++) {
      order[k] = range[k - from];
    }
  }

  /** The cohort as the models see it. */
  public CalibrationSet calibration() {
    return calibration;
  }

  /** What the cohort did in the holdout. */
  public HoldoutActuals actuals() {
    return actuals;
  }

  /**
   * Actual cumulative repeat transactions of the cohort at each point of
   * {@link CalibrationSet#trackingWeeks()}, calibration and holdout.
   */
  public double[] actualCumulativeTracking() {
    return actualTracking.clone();
  }

  /** Events given to {@link #of}. */
  public long eventsRead() {
    return eventsRead;
  }

  /** Events after the holdout end, ignored. */
  public long eventsAfterHoldout() {
    return eventsAfterHoldout;
  }

  /** Users left out of the cohort: no purchase on or before the calibration end. */
  public int usersWithoutCalibrationPurchase() {
    return usersWithoutCalibrationPurchase;
  }

  private static double[] actualTracking(CalibrationSet calibration, List<int[]> repeatDays) {
    double[] weeks = calibration.trackingWeeks();
    double[] perWeek = new double[weeks.length];
    long start = calibration.periodStart().toEpochDay();
    for (int[] days : repeatDays) {
      for (int day : days) {
        int week = (int) ((day - start) / 7);
        perWeek[Math.min(week, weeks.length - 1)]++;
      }
    }
    double[] cumulative = new double[weeks.length];
    double running = 0;
    for (int k = 0; k < weeks.length; k++) {
      running += perWeek[k];
      cumulative[k] = running;
    }
    return cumulative;
  }

  /** One user's events cut at the calibration end. */
  private static final class UserSplit {
    /** The user's first events, up to the calibration cutoff. */
    int calibrationEvents;
    RfmSummary rfm;
    int holdoutTransactions;
    double holdoutSpend;
    /** Epoch days of the repeat transactions, calibration and holdout (a million users' worth). */
    int[] repeatDays;

    /**
     * Null when the user made no purchase in calibration (not in the cohort).
     *
     * @param order the user's events at {@code [from, to)}, sorted by time
     */
    static UserSplit of(EventColumns events, int[] order, int from, int to,
        long calibrationCutoff, LocalDate calibrationEnd) {
      UserSplit split = new UserSplit();
      TreeMap<Long, Double> calibrationDays = new TreeMap<>();
      TreeMap<Long, Double> holdoutDays = new TreeMap<>();
      double calibrationSpend = 0;
      int cut = 0;
      for (int k = from; k < to; k++) {
        int i = order[k];
        boolean inCalibration = events.timeMillis(i) < calibrationCutoff;
        if (inCalibration) {
          cut++;
        }
        EventType type = events.type(i);
        if (type != EventType.PURCHASE && type != EventType.REFUND) {
          continue;
        }
        double amount = events.amountBase(i);
        if (inCalibration) {
          calibrationSpend += amount;
        } else {
          split.holdoutSpend += amount;
        }
        if (type == EventType.PURCHASE) {
          long day = events.epochDay(i);
          if (inCalibration) {
            calibrationDays.merge(day, amount, Double::sum);
          } else {
            holdoutDays.merge(day, amount, Double::sum);
          }
        }
      }
      if (calibrationDays.isEmpty()) {
        return null;
      }
      split.calibrationEvents = cut;
      split.repeatDays = new int[calibrationDays.size() - 1 + holdoutDays.size()];
      int k = 0;
      for (long day : calibrationDays.tailMap(calibrationDays.firstKey(), false).keySet()) {
        split.repeatDays[k++] = (int) day;
      }
      for (long day : holdoutDays.keySet()) {
        split.repeatDays[k++] = (int) day;
      }
      split.holdoutTransactions = holdoutDays.size();
      split.rfm = RfmSummary.of(calibrationDays, calibrationEnd.toEpochDay(), calibrationSpend);
      return split;
    }
  }
}
