/**
 * The logic of ltv-stream, free of NiFi and Kafka: processors and the topology are adapters over
 * it. Subpackages: {@code mapping} and {@code cleaning} (source records to UserEvent),
 * {@code dedupe}, {@code features} (per-record features), {@code state} (the per-user state
 * update shared by training and serving), {@code io} (readers), {@code clv} (BG/NBD, Pareto/NBD,
 * Gamma-Gamma) and {@code eval} (the evaluation protocol and metrics).
 */
package io.ltvstream.core;
