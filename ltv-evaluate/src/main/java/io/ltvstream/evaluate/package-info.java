/**
 * {@code ./ltv evaluate}: runs every {@link io.ltvstream.core.eval.LtvPredictor} on one
 * calibration/holdout split ({@link io.ltvstream.evaluate.EvaluationRunner}) and writes
 * the metrics JSON of ARCHITECTURE.md ({@link io.ltvstream.evaluate.EvaluationJson}), the
 * terminal table ({@link io.ltvstream.evaluate.EvaluationTable}) and the offline HTML
 * report with inline SVG charts ({@link io.ltvstream.evaluate.EvaluationReport}).
 */
package io.ltvstream.evaluate;
