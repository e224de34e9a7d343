package io.ltvstream.schemas;

import java.util.List;

/** A message that cannot be decoded. Subtypes say why; callers route the message, never crash. */
public abstract sealed class MessageCodecException extends RuntimeException
    permits CorruptMessageException, TruncatedMessageException, UnknownSchemaException,
        WrongRecordTypeException {
  public static final String CORRUPT = "corrupt";
  public static final String TRUNCATED = "truncated";
  public static final String UNKNOWN_SCHEMA = "unknown-schema";
  public static final String WRONG_RECORD_TYPE = "wrong-record-type";
  /** Every {@link #reason()} a codec failure gives, so that counters can exist before the first one. */
  public static final List<String> REASONS = List.of(CORRUPT, TRUNCATED, UNKNOWN_SCHEMA, WRONG_RECORD_TYPE);

  protected MessageCodecException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A short machine-readable reason, used in dead-letter headers and counters. */
  public abstract String reason();
}
