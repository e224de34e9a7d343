/**
 * {@code ./ltv demo}: the whole product in one process, on a real in-process Kafka broker
 * ({@link io.ltvstream.broker.EmbeddedKafka}), fed by the synthetic shop of
 * {@code io.ltvstream.core.synthetic}.
 */
package io.ltvstream.cli.demo;
