package io.ltvstream.scorer.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds dead-letter records: the source key and value bytes unchanged, with headers that say why
 * and where the record came from. The header names are Kafka Streams' own (KIP-1034), so tools
 * that read Kafka's dead-letter records read ours; {@value #REASON} adds a short, stable reason
 * that counters and alerts can group by.
 */
public final class DeadLetters {
  public static final String REASON = "ltv.dlq.reason";
  public static final String EXCEPTION = "__streams.errors.exception";
  public static final String MESSAGE = "__streams.errors.message";
  public static final String SOURCE_TOPIC = "__streams.errors.topic";
  public static final String SOURCE_PARTITION = "__streams.errors.partition";
  public static final String SOURCE_OFFSET = "__streams.errors.offset";

  /** Reasons the topology itself gives (codec failures give their own, see the schemas module). */
  public static final String LATE_BEYOND_GRACE = "late-beyond-grace";
  public static final String MISSING_USER_ID = "missing-user-id";
  public static final String FEATURE_SPEC_MISMATCH = "feature-spec-mismatch";
  public static final String FUTURE_EVENT_TIME = "future-event-time";
  public static final String UNSCORABLE = "unscorable";
  public static final String UNDECODABLE = "undecodable";
  public static final String UNPRODUCIBLE = "unproducible";

  private DeadLetters() {}

  public static List<ProducerRecord<byte[], byte[]>> of(
      String deadLetterTopic, ErrorHandlerContext context, byte[] key, byte[] value,
      String reason, Exception exception) {
    Headers headers = new RecordHeaders();
    put(headers, REASON, reason);
    put(headers, EXCEPTION, exception.getClass().getName());
    put(headers, MESSAGE, String.valueOf(exception.getMessage()));
    put(headers, SOURCE_TOPIC, context.topic());
    put(headers, SOURCE_PARTITION, Integer.toString(context.partition()));
    put(headers, SOURCE_OFFSET, Long.toString(context.offset()));
    return List.of(new ProducerRecord<>(deadLetterTopic, null, key, value, headers));
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** A header's text, or null when it is absent. */
  public static String header(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
