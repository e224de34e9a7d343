package io.ltvstream.core.prepare;

import io.ltvstream.core.cleaning.RejectReason;
import io.ltvstream.core.cleaning.Rejection;

/** Shared reader outcomes. */
final class Records {
  private Records() {}

  static SourceLine tooLong(LineSource.Line line) {
    return SourceLine.malformed(line.number(), line.text() + "...", new Rejection(RejectReason.RECORD_TOO_LONG,
        "line " + line.number() + " is longer than the record limit; only its start is kept"));
  }
}
