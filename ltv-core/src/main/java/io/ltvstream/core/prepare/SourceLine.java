package io.ltvstream.core.prepare;

import io.ltvstream.core.cleaning.Rejection;
import io.ltvstream.core.mapping.SourceRecord;

/**
 * One record read from a file: its first line number, its original text, and either the parsed
 * record or why it could not be parsed.
 */
public record SourceLine(long lineNumber, String original, SourceRecord record, Rejection malformed) {
  public static SourceLine parsed(long lineNumber, String original, SourceRecord record) {
    return new SourceLine(lineNumber, original, record, null);
  }

  public static SourceLine malformed(long lineNumber, String original, Rejection why) {
    return new SourceLine(lineNumber, original, null, why);
  }

  public boolean isMalformed() {
    return malformed != null;
  }
}
