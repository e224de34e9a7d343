package io.ltvstream.core.eval;

import io.ltvstream.avro.EngineeredEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every {@link LtvPredictor} is given: the cohort (users whose first purchase is on or
 * before the calibration end) with only their calibration events, and the horizon.
 *
 * <p>Days are UTC days. The calibration period ends at the start of the day after
 * {@link #calibrationEnd()} ({@link #calibrationCutoff()}); the holdout is
 * {@code (calibration end, holdout end]}, that is
 * [{@link #calibrationCutoff()}, {@link #holdoutCutoff()}), {@link #holdoutWeeks()} long. Time
 * in the models is in weeks.
 *
 * <p>The tracking grid ({@link #trackingWeeks()}) is for the weekly cumulative chart: the end
 * of every week counted from {@link #periodStart()} (the cohort's earliest first purchase) up to
 * the holdout end, in weeks since the period start; the last point is the holdout end itself.
 */
public final class CalibrationSet {
  private static final double DAYS_PER_WEEK = 7.0;

  private final LocalDate calibrationEnd;
  private final LocalDate holdoutEnd;
  private final List<UserHistory> users;
  private final LocalDate periodStart;
  private final Map<String, Shared> shared = new HashMap<>();

  /**
   * @param users the cohort, in the order predictions are aligned with; every user's events must
   *     end before the calibration cutoff
   */
  public CalibrationSet(LocalDate calibrationEnd, LocalDate holdoutEnd, List<UserHistory> users) {
    if (!holdoutEnd.isAfter(calibrationEnd)) {
      throw new IllegalArgumentException("holdout end " + holdoutEnd
          + " must be after the calibration end " + calibrationEnd);
    }
    this.calibrationEnd = calibrationEnd;
    this.holdoutEnd = holdoutEnd;
    this.users = List.copyOf(users);
    this.periodStart = this.users.stream().map(u -> u.rfm().firstPurchase())
        .min(LocalDate::compareTo).orElse(calibrationEnd);
  }

  /** Last day (inclusive) of the calibration period. */
  public LocalDate calibrationEnd() {
    return calibrationEnd;
  }

  /** Last day (inclusive) of the holdout period: the horizon of the predictions. */
  public LocalDate holdoutEnd() {
    return holdoutEnd;
  }

  /** The cohort, in prediction order. */
  public List<UserHistory> users() {
    return users;
  }

  /**
   * Every calibration event of the cohort, user by user: for a model that trains on a split
   * inside the calibration period ({@code CohortSplit.of(events(), earlierEnd, calibrationEnd())}),
   * so that it never sees the holdout.
   */
  public List<EngineeredEvent> events() {
    List<EngineeredEvent> all = new ArrayList<>();
    for (UserHistory user : users) {
      all.addAll(user.events());
    }
    return all;
  }

  /**
   * A fit on this calibration set, computed on the first call with {@code key} and shared by the
   * later ones: the same data give the same fit, so the predictors that use one (Gamma-Gamma of
   * every customer-base model; Pareto/NBD of its entry and of the network's baseline) fit it once
   * instead of once each. A fit that throws throws the same exception for each caller.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T shared(String key, Supplier<T> fit) {
    Shared outcome = shared.get(key);
    if (outcome == null) {
      try {
        outcome = new Shared(fit.get(), null);
      } catch (RuntimeException e) {
        outcome = new Shared(null, e);
      }
      shared.put(key, outcome);
    }
    if (outcome.failure() != null) {
      throw outcome.failure();
    }
    return (T) outcome.value();
  }

  /** Whether {@link #shared} has computed (or failed) the fit of {@code key}. */
  public synchronized boolean hasShared(String key) {
    return shared.containsKey(key);
  }

  private record Shared(Object value, RuntimeException failure) {}

  /** Number of users in the cohort. */
  public int size() {
    return users.size();
  }

  /** First instant after the calibration period (exclusive end of calibration events). */
  public Instant calibrationCutoff() {
    return calibrationEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** First instant after the holdout period. */
  public Instant holdoutCutoff() {
    return holdoutEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Length of the holdout in weeks: the prediction horizon {@code t}. */
  public double holdoutWeeks() {
    return ChronoUnit.DAYS.between(calibrationEnd, holdoutEnd) / DAYS_PER_WEEK;
  }

  /** The cohort's earliest first purchase day: week 0 of the tracking grid. */
  public LocalDate periodStart() {
    return periodStart;
  }

  /** Weeks from the period start to the end of the calibration period. */
  public double calibrationWeeksFromPeriodStart() {
    return (ChronoUnit.DAYS.between(periodStart, calibrationEnd) + 1) / DAYS_PER_WEEK;
  }

  /**
   * The tracking grid in weeks since {@link #periodStart()}: 1, 2, ... up to the end of the
   * holdout, whose exact length is the last point.
   */
  public double[] trackingWeeks() {
    double total = (ChronoUnit.DAYS.between(periodStart, holdoutEnd) + 1) / DAYS_PER_WEEK;
    int points = (int) Math.ceil(total - 1e-9);
    double[] weeks = new double[points];
    for (int k = 0; k < points; k++) {
      weeks[k] = Math.min(k + 1, total);
    }
    return weeks;
  }

  /** Weeks from {@link #periodStart()} to the start of {@code day}. */
  public double weeksSincePeriodStart(LocalDate day) {
    return ChronoUnit.DAYS.between(periodStart, day) / DAYS_PER_WEEK;
  }
}
