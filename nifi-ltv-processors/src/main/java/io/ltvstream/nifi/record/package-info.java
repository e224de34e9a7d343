/**
 * Bridges between NiFi's record model and ltv-stream's: Avro-generated {@code UserEvent} and
 * {@code EngineeredEvent} to and from NiFi {@code Record}s (whatever reader produced them), and NiFi
 * records to the text {@code SourceRecord}s that the cleaning rules read.
 */
package io.ltvstream.nifi.record;
