/**
 * A single-node KRaft broker in this JVM ({@link io.ltvstream.broker.EmbeddedKafka}, over Kafka's
 * KafkaClusterTestKit): {@code ./ltv broker}, the demo, the benchmarks and the tests all start the
 * same one. The scorer service never carries it.
 */
package io.ltvstream.broker;
