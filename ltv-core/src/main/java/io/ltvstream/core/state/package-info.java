/**
 * The per-user state and its update: one code path for offline training and evaluation and for
 * the Kafka Streams processor. {@link io.ltvstream.core.state.UserState} holds the RFM summary,
 * time-bucketed 7/30/90/365-day windows, refunds, the recurrent network's h/c and the model
 * version, the last step vectors in half precision ({@link io.ltvstream.core.state.ReplaySteps},
 * to rebuild h/c for another model) and the ids of the last events ({@link
 * io.ltvstream.core.state.RecentEventIds}); {@link io.ltvstream.core.state.UserState#update}
 * applies one event, or refuses a duplicate or a too-late one, and says how ({@link
 * io.ltvstream.core.state.UpdateOutcome}); {@link
 * io.ltvstream.core.state.StepVectors} turns an applied event (or a scoring query at some time)
 * into the network's raw input vector; {@link io.ltvstream.core.state.UserStateCodec} stores a
 * state, all of it, in under 1 KB.
 */
package io.ltvstream.core.state;
