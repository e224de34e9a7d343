package io.ltvstream.scorer.topology;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record the topology could not score to the dead-letter topic with its source bytes,
 * counts it, and lets the stream go on: one bad record never stops a partition. A
 * {@link DeadLetterException} carries its reason; any other exception is
 * {@value DeadLetters#UNSCORABLE} and is logged with its stack trace, since it means a bug.
 */
public final class DeadLetterProcessingHandler extends DeadLetterHandler implements ProcessingExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    String reason;
    if (exception instanceof DeadLetterException deadLetter) {
      reason = deadLetter.reason();
      LOG.debug("record {}-{}@{} sent to {}: {}", context.topic(), context.partition(),
          context.offset(), topic(), exception.getMessage());
    } else {
      reason = DeadLetters.UNSCORABLE;
      LOG.error("record {}-{}@{} could not be scored; sent to {}", context.topic(),
          context.partition(), context.offset(), topic(), exception);
    }
    return Response.resume(deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), reason, exception));
  }
}
