/**
 * The evaluation protocol and its metrics: how a cohort is split into calibration and holdout
 * ({@link io.ltvstream.core.eval.CohortSplit}), what every model is given
 * ({@link io.ltvstream.core.eval.CalibrationSet}) and must answer
 * ({@link io.ltvstream.core.eval.LtvPredictor}, {@link io.ltvstream.core.eval.Prediction}), the
 * baseline predictors ({@code bgnbd}, {@code paretonbd}, {@code naive}, {@code zero}), and the
 * metrics ({@link io.ltvstream.core.eval.Metrics}: MAE, RMSE, Spearman, normalized Gini as in
 * google/lifetime_value, aggregate error, top-decile share, decile MAPE).
 */
package io.ltvstream.core.eval;
