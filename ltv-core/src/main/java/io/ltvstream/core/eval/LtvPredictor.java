package io.ltvstream.core.eval;

/**
 * A model compared by {@code ./ltv evaluate}: it sees a {@link CalibrationSet} (every user of the
 * cohort with only their events up to and including the calibration end) and predicts, per user,
 * the repeat transactions and the spend in the holdout {@code (calibration end, holdout end]}.
 *
 * <p>Implementations: {@code bgnbd} and {@code paretonbd} (each with Gamma-Gamma for spend),
 * {@code naive} and {@code zero} in this package; the project's network ({@code lstm}) in the
 * scorer. A predictor trains (fits) inside {@link #predict} on the calibration data it is given,
 * or uses a model trained elsewhere on data that ends no later than the calibration end.
 *
 * <p>Contract: {@link #predict} returns one value per user of {@link CalibrationSet#users()}, in
 * that order; it never throws for a user it cannot score (it predicts its best guess, e.g. the
 * population mean), and throws an unchecked exception with a clear message when it cannot
 * predict at all (for example a fit that does not converge, saying what was tried).
 */
public interface LtvPredictor {
  /**
   * The key of this model in the evaluation JSON, table and report: short, lower case, stable
   * ({@code lstm}, {@code bgnbd}, {@code paretonbd}, {@code naive}, {@code zero}).
   */
  String name();

  /**
   * Predicts every user's holdout repeat transactions and spend.
   *
   * @param calibration the cohort as of the calibration end, plus the horizon (the holdout end);
   *     the holdout's events are not in it
   * @return per-user predictions aligned with {@code calibration.users()}
   */
  Prediction predict(CalibrationSet calibration);
}
