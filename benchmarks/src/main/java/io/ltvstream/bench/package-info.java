/**
 * The benchmark suite of {@code ./ltv bench}: {@link io.ltvstream.bench.LtvBenchmarkSuite} runs each
 * part, prints its figures and fills the report. Benchmarks are not tests: nothing here asserts a
 * duration, and every ratio is computed from two figures measured in the same run on the same input.
 */
package io.ltvstream.bench;
