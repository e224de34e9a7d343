package io.ltvstream.schemas;

/** The message ends before its header or body does (this includes an empty message). */
public final class TruncatedMessageException extends MessageCodecException {
  public TruncatedMessageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return TRUNCATED;
  }
}
