/**
 * What the tests and benchmarks share, in test scope only: the one tiny model ({@link
 * io.ltvstream.testkit.TinyModel}) and engineered test events ({@link io.ltvstream.testkit.Events}).
 * The NiFi ingest-chain driver is in {@code nifi}; the broker is ltv-broker's; the CDNOW fixture
 * is {@code io.ltvstream.core.testdata.Cdnow} in ltv-core's test jar.
 */
package io.ltvstream.testkit;
