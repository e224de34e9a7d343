/**
 * What {@code ./ltv bench} writes, and how it finds the suite. The suite itself lives in the
 * {@code benchmarks} module (JMH, nifi-mock and NiFi's standard processors, none of which the
 * scorer should carry); it implements {@link io.ltvstream.cli.bench.BenchmarkSuite} and is found
 * through {@link java.util.ServiceLoader} when the launcher puts that module on the class path.
 */
package io.ltvstream.cli.bench;
