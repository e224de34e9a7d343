package io.ltvstream.scorer.topology;

import io.ltvstream.avro.EngineeredEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Stream time is event time: a record's timestamp is its event's {@code event_time}, so a replay of
 * history moves stream time (and the idle re-scorer's stream clock) as the history did, not as
 * fast as it is published. A record without a readable event (a tombstone) keeps its own
 * timestamp, so that it still reaches the processor and the dead-letter topic. So does an event
 * further in the future than {@link #MAX_FUTURE_MILLIS}: as a timestamp it would move stream time
 * ahead for good, and its changelog write would be refused by the broker (Kafka's
 * {@code log.message.timestamp.after.max.ms}, one hour by default), failing the task; the
 * processor dead-letters it instead.
 */
public final class EventTimeExtractor implements TimestampExtractor {
  /** How far past the wall clock an event time may be (clock skew between producers). */
  public static final long MAX_FUTURE_MILLIS = 15 * 60_000L;

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof EngineeredEvent event) {
      long eventTime = event.getEventTime().toEpochMilli();
      // Kafka Streams drops a record with a negative timestamp unseen; a pre-1970 event time is
      // corrupt, and keeping the record's own timestamp lets the processor judge it
      boolean usable = eventTime >= 0 && eventTime <= System.currentTimeMillis() + MAX_FUTURE_MILLIS;
      return usable ? eventTime : record.timestamp();
    }
    return record.timestamp();
  }
}
