/**
 * The recurrent LTV model. Public API (what the scorer uses): {@link
 * io.ltvstream.scorer.model.ModelBundle} (load, verify, save, {@code newModel}), {@link
 * io.ltvstream.scorer.model.LtvModel} (step a user's h/c by one event, predict at any time),
 * {@link io.ltvstream.scorer.model.LtvPrediction}, {@link io.ltvstream.scorer.model.Engine} and
 * {@link io.ltvstream.scorer.model.LtvTrainer}. Internals: the DL4J network definition, the
 * value head and its loss, the float-array kernel and the training-example builder.
 */
package io.ltvstream.scorer.model;
