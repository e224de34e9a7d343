/**
 * {@code ./ltv demo}: the whole product in one process, on a real in-process Kafka broker
 * ({@link io.ltvstream.scorer.demo.EmbeddedKafka}), fed by the synthetic shop of
 * {@code io.ltvstream.core.synthetic}. The broker wrapper is also what the benchmarks and the
 * integration tests start, so every in-process run uses the same single-node settings.
 */
package io.ltvstream.scorer.demo;
