package io.ltvstream.schemas;

/** The message is a valid record, but of another type than the reader expects. */
public final class WrongRecordTypeException extends MessageCodecException {
  public WrongRecordTypeException(String expected, String actual) {
    super("expected a " + expected + " message but got a " + actual, null);
  }

  @Override
  public String reason() {
    return WRONG_RECORD_TYPE;
  }
}
