package io.ltvstream.scorer.topology;

/**
 * A record the scorer will not score, with a machine-readable reason. {@link UserLtvProcessor}
 * throws it before touching any state; {@link DeadLetterProcessingHandler} sends the source record
 * to the dead-letter topic with the reason and the stream goes on.
 */
public final class DeadLetterException extends RuntimeException {
  private final String reason;

  public DeadLetterException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
