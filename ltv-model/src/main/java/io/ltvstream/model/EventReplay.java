package io.ltvstream.model;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.state.ReplaySteps;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UpdateOutcome;
import io.ltvstream.core.state.UserState;
import java.time.Duration;
import java.util.List;

/**
 * The one way an event reaches a user's state, shared by the scorer's processor, the trainer's
 * examples and the evaluator's replay, so training and serving never disagree: {@link
 * UserState#update} under the grace period, then the event's step vector ({@link StepVectors}).
 * A state built by another model version is rebuilt from its replay steps ({@link #rebuild}).
 */
public final class EventReplay {
  /**
   * How far before a user's latest event an event may be and still count: the scorer's default
   * ({@code scorer.grace}) and the grace of every offline replay.
   */
  public static final Duration DEFAULT_GRACE = Duration.ofDays(3);

  private EventReplay() {}

  /**
   * Applies {@code event} to {@code state}; when it applied, writes its step vector into {@code
   * step} (of {@link StepVectors#SIZE}).
   */
  public static UpdateOutcome apply(EngineeredEvent event, UserState state, Duration grace, float[] step) {
    return apply(event, null, state, grace, Dimensions.NONE, step);
  }

  /**
   * Applies {@code event} to {@code state}; when it applied, writes its step vector with {@code
   * dimensions} of the event and the user's {@code profile} (none when null) into {@code step} (of
   * {@link ModelInputs#stepSize}).
   */
  public static UpdateOutcome apply(EngineeredEvent event, UserProfile profile, UserState state, Duration grace,
      Dimensions dimensions, float[] step) {
    UpdateOutcome outcome = state.update(event, grace);
    if (outcome.applied()) {
      StepVectors.event(event, state, outcome, step);
      dimensions.event(event, profile, step, StepVectors.SIZE);
    }
    return outcome;
  }

  /**
   * Rebuilds {@code state}'s h/c for {@code model} by stepping it through the state's replay steps,
   * oldest first, from zero. Replay steps keep only the history part of a step, so the rebuilt
   * steps' dimensions (product, calendar, profile) are neutral.
   */
  public static void rebuild(UserState state, LtvModel model) {
    model.resetRecurrent(state);
    ReplaySteps steps = state.replaySteps();
    float[] step = new float[model.stepSize()];
    for (int i = 0; i < steps.size(); i++) {
      steps.copyTo(i, step);
      model.step(step, state);
    }
  }

  /** A user's state after {@code events}, stepped by {@code model}: what the scorer would hold. */
  public static UserState replay(List<EngineeredEvent> events, LtvModel model) {
    return replay(events, null, model);
  }

  /** A user's state after {@code events} with their {@code profile} (none when null), stepped by {@code model}. */
  public static UserState replay(List<EngineeredEvent> events, UserProfile profile, LtvModel model) {
    UserState state = new UserState();
    model.resetRecurrent(state);
    float[] step = new float[model.stepSize()];
    for (EngineeredEvent event : events) {
      if (apply(event, profile, state, DEFAULT_GRACE, model.dimensions(), step).applied()) {
        model.step(step, state);
      }
    }
    return state;
  }
}
