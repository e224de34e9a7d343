package io.ltvstream.schemas;

/** The bytes are not an Avro single-object message, or its body does not decode. */
public final class CorruptMessageException extends MessageCodecException {
  public CorruptMessageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return CORRUPT;
  }
}
