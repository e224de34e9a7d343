package io.ltvstream.core.eval;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.core.clv.RfmSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    if (!holdoutEnd.isAfter(calibrationEnd)) {
      throw new IllegalArgumentException("holdout end " + holdoutEnd
          + " must be after the calibration end " + calibrationEnd);
    }
    Instant calibrationCutoff = calibrationEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant holdoutCutoff = holdoutEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    Map<String, List<EngineeredEvent>> byUser = new HashMap<>();
    long read = 0;
    long afterHoldout = 0;
    for (EngineeredEvent event : events) {
      read++;
      if (!event.getEventTime().isBefore(holdoutCutoff)) {
        afterHoldout++;
        continue;
      }
      byUser.computeIfAbsent(event.getUserId(), id -> new ArrayList<>()).add(event);
    }

    List<String> userIds = new ArrayList<>(byUser.keySet());
    userIds.sort(Comparator.naturalOrder());
    List<UserHistory> cohort = new ArrayList<>();
    List<double[]> targets = new ArrayList<>();
    List<int[]> repeatDays = new ArrayList<>();
    int withoutPurchase = 0;
    for (String userId : userIds) {
      List<EngineeredEvent> userEvents = byUser.get(userId);
      userEvents.sort(Comparator.comparing(EngineeredEvent::getEventTime));
      UserSplit split = UserSplit.of(userEvents, calibrationCutoff, calibrationEnd);
      if (split == null) {
        withoutPurchase++;
        continue;
      }
      cohort.add(new UserHistory(userId, split.calibrationEvents, split.rfm));
      targets.add(new double[] {split.holdoutTransactions, split.holdoutSpend});
      repeatDays.add(split.repeatDays);
    }

    double[] transactions = new double[cohort.size()];
    double[] spend = new double[cohort.size()];
    for (int i = 0; i < targets.size(); i++) {
      transactions[i] = targets.get(i)[0];
      spend[i] = targets.get(i)[1];
    }
    CalibrationSet calibration = new CalibrationSet(calibrationEnd, holdoutEnd, cohort);
    double[] tracking = actualTracking(calibration, repeatDays);
    return new CohortSplit(calibration, new HoldoutActuals(transactions, spend), tracking, read,
        afterHoldout, withoutPurchase);
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
    List<EngineeredEvent> calibrationEvents;
    RfmSummary rfm;
    int holdoutTransactions;
    double holdoutSpend;
    /** Epoch days of the repeat transactions, calibration and holdout (a million users' worth). */
    int[] repeatDays;

    /** Null when the user made no purchase in calibration (not in the cohort). */
    static UserSplit of(List<EngineeredEvent> sortedEvents, Instant calibrationCutoff,
        LocalDate calibrationEnd) {
      UserSplit split = new UserSplit();
      TreeMap<Long, Double> calibrationDays = new TreeMap<>();
      TreeMap<LocalDate, Double> holdoutDays = new TreeMap<>();
      double calibrationSpend = 0;
      int cut = 0;
      for (EngineeredEvent event : sortedEvents) {
        boolean inCalibration = event.getEventTime().isBefore(calibrationCutoff);
        if (inCalibration) {
          cut++;
        }
        EventType type = event.getEventType();
        if (type != EventType.PURCHASE && type != EventType.REFUND) {
          continue;
        }
        double amount = event.getAmountBase();
        if (inCalibration) {
          calibrationSpend += amount;
        } else {
          split.holdoutSpend += amount;
        }
        if (type == EventType.PURCHASE) {
          LocalDate day = event.getEventTime().atZone(ZoneOffset.UTC).toLocalDate();
          if (inCalibration) {
            calibrationDays.merge(day.toEpochDay(), amount, Double::sum);
          } else {
            holdoutDays.merge(day, amount, Double::sum);
          }
        }
      }
      if (calibrationDays.isEmpty()) {
        return null;
      }
      split.calibrationEvents = sortedEvents.subList(0, cut);
      split.repeatDays = new int[calibrationDays.size() - 1 + holdoutDays.size()];
      int k = 0;
      for (long day : calibrationDays.tailMap(calibrationDays.firstKey(), false).keySet()) {
        split.repeatDays[k++] = (int) day;
      }
      for (LocalDate day : holdoutDays.keySet()) {
        split.repeatDays[k++] = (int) day.toEpochDay();
      }
      split.holdoutTransactions = holdoutDays.size();
      split.rfm = RfmSummary.of(calibrationDays, calibrationEnd.toEpochDay(), calibrationSpend);
      return split;
    }
  }
}
