package io.ltvstream.core.history;

/** A history file that cannot be read at all (wrong format, corrupt container, no records). */
public final class HistoryFormatException extends RuntimeException {
  public HistoryFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  public HistoryFormatException(String message) {
    super(message);
  }
}
