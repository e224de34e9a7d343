/**
 * The scoring service: Kafka Streams over the events topic ({@code topology}: one compact state
 * per user, one model step per event, an {@code LtvScore} per event, dead letters), the service
 * that runs it with its model watchers ({@code service}), and its HTTP API ({@code http}).
 * {@link io.ltvstream.scorer.ScorerMain} starts it. The model comes from ltv-model, with no DL4J.
 */
package io.ltvstream.scorer;
