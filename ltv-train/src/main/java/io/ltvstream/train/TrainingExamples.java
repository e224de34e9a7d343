package io.ltvstream.train;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.Baseline;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.ModelInputs;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training and validation examples cut from calibration history, replayed through the same
 * {@link UserState#update} and {@link StepVectors} as the scorer. Cutoffs lie on a grid of days
 * every {@code cutoffStepDays} before the training end; an example is a user's event steps before
 * the cutoff, a query step at the cutoff, and the label: purchase days and spend from the cutoff
 * to the training end, with that (censored) horizon length. The training end is
 * {@code validationDays} before the calibration cutoff; the validation examples are cut at the
 * training end and labelled with the last {@code validationDays} of calibration; with
 * {@code validationDays} 0 there are none, and the training cutoffs reach the calibration end.
 * Nothing at or after the calibration cutoff is read.
 */
final class TrainingExamples {
  private static final long DAY_MILLIS = 86_400_000L;

  /**
   * @param steps the user's raw event steps (shared between a user's examples; only the first
   *     {@code events} belong to this example)
   * @param state the user's state at the cutoff, for latest and validation examples (the
   *     calibration of p_active reads Pareto/NBD's view of the user there; null for training
   *     examples, which do not need it)
   */
  record Example(List<float[]> steps, int events, float[] query, float count, float spend, float horizonDays,
      UserState state) {}

  final List<Example> training = new ArrayList<>();
  final List<Example> validation = new ArrayList<>();
  private final List<Example> latest = new ArrayList<>();
  final List<float[]> normalizationSample = new ArrayList<>();
  final int users;

  private TrainingExamples(int users, Baseline baseline, Dimensions dimensions, Map<String, UserProfile> profiles) {
    this.users = users;
    this.baseline = baseline;
    this.dimensions = dimensions;
    this.profiles = profiles;
  }

  private final Baseline baseline;
  private final Dimensions dimensions;
  private final Map<String, UserProfile> profiles;

  /** Feature-spec-1 examples: no dimensions. */
  static TrainingExamples build(List<List<EngineeredEvent>> histories, Instant calibrationCutoff,
      int validationDays, int cutoffStepDays, Baseline baseline) {
    return build(histories, calibrationCutoff, validationDays, cutoffStepDays, baseline, Dimensions.NONE, Map.of());
  }

  /** @param profiles the users' profiles by user id (a user without one has neutral profile dimensions) */
  static TrainingExamples build(List<List<EngineeredEvent>> histories, Instant calibrationCutoff,
      int validationDays, int cutoffStepDays, Baseline baseline, Dimensions dimensions,
      Map<String, UserProfile> profiles) {
    long calibrationEnd = calibrationCutoff.toEpochMilli();
    long trainEnd = calibrationEnd - validationDays * DAY_MILLIS;
    long earliest = Long.MAX_VALUE;
    for (List<EngineeredEvent> events : histories) {
      if (!events.isEmpty()) {
        earliest = Math.min(earliest, events.get(0).getEventTime().toEpochMilli());
      }
    }
    List<Long> cutoffs = new ArrayList<>();
    for (long c = trainEnd - cutoffStepDays * DAY_MILLIS; c > earliest; c -= cutoffStepDays * DAY_MILLIS) {
      cutoffs.add(0, c);
    }
    TrainingExamples examples = new TrainingExamples(histories.size(), baseline, dimensions, profiles);
    for (List<EngineeredEvent> events : histories) {
      examples.addUser(events, cutoffs, trainEnd, calibrationEnd);
    }
    return examples;
  }

  /**
   * Every user of {@code histories} at the calibration cutoff, labelled with the last
   * {@code validationDays} before it (the aggregate calibration set, over all users rather than
   * the training selection, whose heavy-tailed spend would add sampling noise).
   */
  static List<Example> latest(List<List<EngineeredEvent>> histories, Instant calibrationCutoff,
      int validationDays, Baseline baseline) {
    return latest(histories, calibrationCutoff, validationDays, baseline, Dimensions.NONE, Map.of());
  }

  /** {@link #latest(List, Instant, int, Baseline)} with dimensions and the users' profiles. */
  static List<Example> latest(List<List<EngineeredEvent>> histories, Instant calibrationCutoff,
      int validationDays, Baseline baseline, Dimensions dimensions, Map<String, UserProfile> profiles) {
    long calibrationEnd = calibrationCutoff.toEpochMilli();
    TrainingExamples examples = new TrainingExamples(histories.size(), baseline, dimensions, profiles);
    for (List<EngineeredEvent> events : histories) {
      examples.addLatest(events, new UserState(), new ArrayList<>(), 0, calibrationEnd,
          calibrationEnd - validationDays * DAY_MILLIS);
    }
    return examples.latest;
  }

  private void addUser(List<EngineeredEvent> events, List<Long> cutoffs, long trainEnd, long calibrationEnd) {
    UserState state = new UserState();
    UserProfile profile = profileOf(events);
    List<float[]> steps = new ArrayList<>();
    int next = 0;
    List<Long> all = new ArrayList<>(cutoffs);
    if (trainEnd < calibrationEnd) {
      all.add(trainEnd);
    }
    for (long cutoff : all) {
      while (next < events.size() && events.get(next).getEventTime().toEpochMilli() < cutoff) {
        float[] step = applyCalibrationEvent(events.get(next++), profile, state, calibrationEnd);
        if (step != null) {
          steps.add(step);
          normalizationSample.add(step);
        }
      }
      if (steps.isEmpty()) {
        continue;
      }
      float[] query = new float[ModelInputs.size(dimensions)];
      ModelInputs.query(state, cutoff, Baseline.atOrNull(baseline, state, cutoff), dimensions, profile, query);
      boolean validating = cutoff == trainEnd;
      long end = validating ? calibrationEnd : trainEnd;
      Set<LocalDate> purchaseDays = new HashSet<>();
      double spend = 0;
      for (int i = next; i < events.size(); i++) {
        EngineeredEvent e = events.get(i);
        long t = e.getEventTime().toEpochMilli();
        if (t >= end) {
          break;
        }
        if (e.getIsPurchase()) {
          purchaseDays.add(e.getEventTime().atZone(ZoneOffset.UTC).toLocalDate());
          spend += e.getAmountBase();
        } else if (e.getIsRefund()) {
          spend += e.getAmountBase();
        }
      }
      Example example = new Example(steps, steps.size(), query, purchaseDays.size(), (float) spend,
          (float) ((end - cutoff) / (double) DAY_MILLIS), validating ? state.copy() : null);
      (validating ? validation : training).add(example);
      if (!validating) {
        normalizationSample.add(query);
      }
    }
  }

  private UserProfile profileOf(List<EngineeredEvent> events) {
    return events.isEmpty() ? null : profiles.get(events.get(0).getUserId());
  }

  /**
   * Applies one calibration-period event to the user's state and returns its network input, or
   * null when the update did not apply. An event at or after the calibration end is an error:
   * training must never see the holdout.
   */
  private float[] applyCalibrationEvent(EngineeredEvent event, UserProfile profile, UserState state,
      long calibrationEnd) {
    if (event.getEventTime().toEpochMilli() >= calibrationEnd) {
      throw new IllegalArgumentException("Event " + event.getEventId() + " of user " + event.getUserId()
          + " is after the calibration end: training must not see it");
    }
    float[] step = new float[ModelInputs.stepSize(dimensions)];
    if (!EventReplay.apply(event, profile, state, EventReplay.DEFAULT_GRACE, dimensions, step).applied()) {
      return null;
    }
    float[] input = new float[ModelInputs.size(dimensions)];
    ModelInputs.event(step, dimensions, input);
    return input;
  }

  private void addLatest(List<EngineeredEvent> events, UserState state, List<float[]> steps, int next,
      long calibrationEnd, long windowStart) {
    UserProfile profile = profileOf(events);
    for (int i = next; i < events.size(); i++) {
      float[] step = applyCalibrationEvent(events.get(i), profile, state, calibrationEnd);
      if (step != null) {
        steps.add(step);
      }
    }
    if (steps.isEmpty()) {
      return;
    }
    float[] query = new float[ModelInputs.size(dimensions)];
    ModelInputs.query(state, calibrationEnd, Baseline.atOrNull(baseline, state, calibrationEnd), dimensions,
        profile, query);
    Set<LocalDate> purchaseDays = new HashSet<>();
    double spend = 0;
    for (EngineeredEvent e : events) {
      if (e.getEventTime().toEpochMilli() < windowStart) {
        continue;
      }
      if (e.getIsPurchase()) {
        purchaseDays.add(e.getEventTime().atZone(ZoneOffset.UTC).toLocalDate());
        spend += e.getAmountBase();
      } else if (e.getIsRefund()) {
        spend += e.getAmountBase();
      }
    }
    latest.add(new Example(steps, steps.size(), query, purchaseDays.size(), (float) spend,
        (float) ((calibrationEnd - windowStart) / (double) DAY_MILLIS), state.copy()));
  }
}
