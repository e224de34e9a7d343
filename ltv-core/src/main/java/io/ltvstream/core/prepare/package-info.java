/**
 * The file pipeline behind {@code ./ltv prepare}: streams a csv or jsonl file through the same
 * mapping, cleaning, dedupe and feature code as the NiFi processors, writes an Avro container of
 * {@code EngineeredEvent}s, a JSON-lines file of rejects and a summary in which
 * records = valid + invalid + duplicates.
 */
package io.ltvstream.core.prepare;
