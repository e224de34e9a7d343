package io.ltvstream.model;

import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.state.UserState;
import java.util.Set;

/**
 * A loaded LTV model as the scorer uses it: one recurrent step per applied event, and a value
 * head that scores a user's state at any time (so an idle user's value decays). Instances hold
 * scratch buffers and are not thread-safe: take one per stream thread from {@link
 * ModelBundle#newModel(Engine)}.
 */
public interface LtvModel {
  /** The bundle version; states stepped by another version must be rebuilt. */
  String version();

  /** Prediction horizon in days. */
  int horizonDays();

  /** Length of the raw step vectors this model reads ({@link ModelInputs#stepSize} of its dimensions). */
  int stepSize();

  /** The dimensions beyond the history that its step vectors carry ({@link Dimensions#NONE} for feature spec 1). */
  Dimensions dimensions();

  /** Recurrent units; a state's h and c have this length. */
  int units();

  /** Zeroes {@code state}'s h/c for this model (a new user, or before a rebuild). */
  default void resetRecurrent(UserState state) {
    state.resetRecurrent(version(), units());
  }

  /**
   * Advances {@code state}'s h/c by one raw step vector (built by {@code StepVectors.event}).
   * Normalizes internally; does not modify {@code stepVector}.
   *
   * @throws IllegalStateException when the state's h/c belong to another model version
   */
  void step(float[] stepVector, UserState state);

  /**
   * Scores {@code state} at {@code atMillis} (at or after its latest event) over the horizon,
   * without changing the state.
   */
  default LtvPrediction predict(UserState state, long atMillis) {
    return predict(state, atMillis, null);
  }

  /** Scores {@code state} like {@link #predict(UserState, long)}, with the user's profile (none when null). */
  LtvPrediction predict(UserState state, long atMillis, UserProfile profile);

  /** Scores {@code state} like {@link #predict(UserState, long)}, over another horizon (evaluation). */
  default LtvPrediction predict(UserState state, long atMillis, double horizonDays) {
    return predict(state, atMillis, horizonDays, null);
  }

  /** Scores {@code state} like {@link #predict(UserState, long, UserProfile)}, over another horizon (evaluation). */
  LtvPrediction predict(UserState state, long atMillis, double horizonDays, UserProfile profile);

  /**
   * Scores {@code state} like {@link #predict(UserState, long, UserProfile)} with the query step's
   * {@code occluded} dimensions neutral: what the value would be without them (explanations).
   */
  LtvPrediction predictOccluded(UserState state, long atMillis, UserProfile profile, Set<Dimensions.Group> occluded);
}
