package io.ltvstream.core.prepare;

import java.io.IOException;

/** The input file itself cannot be read (missing, a directory, no permission, I/O error). */
public class UnreadableInputException extends IOException {
  public UnreadableInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
