/**
 * Exact deduplication of events by event id, remembered by arrival in bounded memory (with an optional
 * time-to-live on processing time); event time plays no part. The NiFi processor
 * {@code DeduplicateUserEvents} and {@code ./ltv prepare} share it.
 */
package io.ltvstream.core.dedupe;
