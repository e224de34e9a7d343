/**
 * Readers of purchase histories for training and evaluation: the CDNOW logs
 * ({@link io.ltvstream.core.history.CdnowReader}, master and sample layouts) and the Avro
 * container of EngineeredEvent that {@code ./ltv prepare} writes
 * ({@link io.ltvstream.core.history.EngineeredEventFileReader}). Both produce EngineeredEvent
 * through the same per-record features as the NiFi flow.
 */
package io.ltvstream.core.history;
