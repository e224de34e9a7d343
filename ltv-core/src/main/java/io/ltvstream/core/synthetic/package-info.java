/**
 * A synthetic shop: a seeded, streaming generator of raw user records for tests, benchmarks and
 * {@code ./ltv demo}. Users differ the way real customers do (Pareto/NBD-like latent purchase and
 * dropout rates, Gamma-Gamma-like spend), buying follows a weekly and daily rhythm, some purchases
 * are refunded, and the raw stream carries duplicates and dirty records (invalid timestamps,
 * missing ids, garbage lines) at configurable rates. Every record says what it is, so a consumer
 * can check that nothing was lost: raw = clean + duplicates + dirty.
 */
package io.ltvstream.core.synthetic;
