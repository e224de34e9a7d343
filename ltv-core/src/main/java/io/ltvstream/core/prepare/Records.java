package io.ltvstream.core.prepare;

import io.ltvstream.core.cleaning.RejectReason;
import io.ltvstream.core.cleaning.Rejection;

/** Reader outcomes that every line-based format shares. */
final class Records {
  private Records() {}

  /** The rejection of a line too long or not UTF-8, or null for a sound line. */
  static SourceLine flawed(LineSource.Line line) {
    if (line.tooLong()) {
      return SourceLine.malformed(line.number(), line.text() + "...", new Rejection(RejectReason.RECORD_TOO_LONG,
          "line " + line.number() + " is longer than the record limit; only its start is kept"));
    }
    if (line.notUtf8()) {
      return SourceLine.malformed(line.number(), line.text(), new Rejection(RejectReason.INVALID_ENCODING,
          "line " + line.number() + " is not valid UTF-8 (byte " + line.badByte() + " of the line)"));
    }
    return null;
  }
}
