/**
 * Exact deduplication of events by event id within an event-time window, in bounded memory. The
 * NiFi processor {@code DeduplicateUserEvents} and {@code ./ltv prepare} share it.
 */
package io.ltvstream.core.dedupe;
