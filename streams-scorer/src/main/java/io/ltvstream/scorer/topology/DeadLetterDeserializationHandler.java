package io.ltvstream.scorer.topology;

import io.ltvstream.schemas.MessageCodecException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every record whose key or value does not decode to the dead-letter topic, counts it, and
 * lets the stream go on. A codec failure names its own reason ({@code corrupt},
 * {@code unknown_schema}, ...); anything else is {@value DeadLetters#UNDECODABLE}.
 */
public final class DeadLetterDeserializationHandler extends DeadLetterHandler
    implements DeserializationExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String reason = reasonOf(exception);
    LOG.warn("record {}-{}@{} does not decode ({}): {}; sent to {}", context.topic(),
        context.partition(), context.offset(), reason, exception.getMessage(), topic());
    return Response.resume(deadLetter(context, record.key(), record.value(), reason, exception));
  }

  private static String reasonOf(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof MessageCodecException codec) {
        return codec.reason();
      }
    }
    return DeadLetters.UNDECODABLE;
  }
}
