package io.ltvstream.model;

import io.ltvstream.core.state.UserState;

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

  /** Length of the raw step vectors this model reads ({@code StepVectors.SIZE} of its spec). */
  int stepSize();

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
  LtvPrediction predict(UserState state, long atMillis);

  /** Scores {@code state} like {@link #predict(UserState, long)}, over another horizon (evaluation). */
  LtvPrediction predict(UserState state, long atMillis, double horizonDays);
}
