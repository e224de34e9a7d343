/**
 * Our NiFi ingest chain in nifi-mock with NiFi's real record readers and writers ({@link
 * io.ltvstream.testkit.nifi.LtvIngestChain}), wired by the shipped flows/ltv-ingest.json ({@link
 * io.ltvstream.testkit.nifi.IngestFlow}): the one driver of the processors for the
 * integration tests and the benchmark.
 */
package io.ltvstream.testkit.nifi;
