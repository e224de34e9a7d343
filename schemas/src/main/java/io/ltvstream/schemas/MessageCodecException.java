package io.ltvstream.schemas;

/** A message that cannot be decoded. Subtypes say why; callers route the message, never crash. */
public abstract sealed class MessageCodecException extends RuntimeException
    permits CorruptMessageException, TruncatedMessageException, UnknownSchemaException,
        WrongRecordTypeException {

  protected MessageCodecException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A short machine-readable reason, used in dead-letter headers and counters. */
  public abstract String reason();
}
