package io.ltvstream.scorer.topology;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A score that cannot be serialized, or is too large for the broker, goes to the dead-letter topic
 * with the source record's bytes and the stream goes on. Every other send error fails the task, so
 * that Kafka Streams aborts the transaction and retries from the last commit: under exactly-once
 * that loses nothing, while skipping would lose a score silently.
 */
public final class DeadLetterProductionHandler extends DeadLetterHandler implements ProductionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RecordTooLargeException) {
      return deadLetterTheSource(context, exception);
    }
    return Response.fail();
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
      Exception exception, SerializationExceptionOrigin origin) {
    return deadLetterTheSource(context, exception);
  }

  private Response deadLetterTheSource(ErrorHandlerContext context, Exception exception) {
    LOG.warn("output of record {}-{}@{} could not be produced: {}; source sent to {}",
        context.topic(), context.partition(), context.offset(), exception.toString(), topic());
    return Response.resume(deadLetter(context, context.sourceRawKey(), context.sourceRawValue(),
        DeadLetters.UNPRODUCIBLE, exception));
  }
}
