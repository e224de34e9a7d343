/**
 * Training with Deeplearning4j: {@link io.ltvstream.train.LtvTrainer} builds examples by replaying
 * history through the scorer's own state update ({@code TrainingExamples}, via {@link
 * io.ltvstream.model.EventReplay}), fits the LSTM ({@code LtvNetwork}, {@code DecayingRateLoss}),
 * packs ensemble members into one network ({@code PackedEnsemble}) and calibrates it ({@code
 * PoissonSlope}). {@link io.ltvstream.train.NetworkBundles} writes the bundle with its weights
 * exported for the DL4J-free kernel; {@link io.ltvstream.train.Dl4jReferenceEngine} is the
 * reference engine ({@code scorer.engine=dl4j}) wherever this module is on the class path.
 */
package io.ltvstream.train;
