package io.ltvstream.scorer.topology;

import io.ltvstream.avro.LtvScore;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Refuses, while serializing, a score the broker would refuse. Under exactly-once a send error
 * puts the whole transaction in an error state, so a dead letter for it could never be written;
 * a serialization error happens before the send, and {@link DeadLetterProductionHandler} routes it
 * to the dead-letter topic in a healthy transaction.
 *
 * <p>The serializer sees the value only. The key is the user id, which the value holds too, so
 * key + value is at most twice the value; with the record and batch overhead that is the bound
 * checked against {@code maxRecordBytes} (the smaller of the producer's {@code max.request.size}
 * and the scores topic's {@code max.message.bytes}).
 */
final class ScoreSizeLimit implements Serializer<LtvScore> {
  /** Record batch header (61 bytes) and one record's varint fields, rounded up. */
  static final int RECORD_OVERHEAD_BYTES = 128;

  private final Serializer<LtvScore> serializer;
  private final int maxRecordBytes;

  ScoreSizeLimit(Serializer<LtvScore> serializer, int maxRecordBytes) {
    this.serializer = serializer;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public byte[] serialize(String topic, LtvScore score) {
    byte[] value = serializer.serialize(topic, score);
    if (value != null && 2L * value.length + RECORD_OVERHEAD_BYTES > maxRecordBytes) {
      throw new RecordTooLargeException("the score of event " + score.getEventId() + " takes " + value.length
          + " bytes, with its key up to " + (2L * value.length + RECORD_OVERHEAD_BYTES) + " bytes as a record;"
          + " topic " + topic + " takes at most " + maxRecordBytes);
    }
    return value;
  }
}
