/**
 * The Kafka Streams topology: routing and the repartition of records not keyed by user, the
 * processor-API {@link io.ltvstream.scorer.topology.UserLtvProcessor} with its one store of a
 * value per user, event time as stream time ({@link io.ltvstream.scorer.topology.EventTimeExtractor}),
 * idle re-scoring, and the dead-letter handlers for records that cannot be read, scored or produced.
 */
package io.ltvstream.scorer.topology;
