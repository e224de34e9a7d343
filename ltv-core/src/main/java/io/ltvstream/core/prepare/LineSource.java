package io.ltvstream.core.prepare;

import java.io.IOException;
import java.io.Reader;

/**
 * Physical lines of a text stream, numbered from 1, each at most {@code maxChars} long: a longer
 * line is consumed to its end and returned {@link Line#tooLong() marked}, keeping only its start, so
 * a runaway line (a file without new lines) cannot exhaust memory. Handles \n, \r\n and \r, and a leading byte-order mark.
 */
final class LineSource {
  /** One physical line; when {@code tooLong}, {@code text} is only its first 200 characters. */
  record Line(long number, String text, boolean tooLong) {}

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private long lineNumber;
  private boolean first = true;

  LineSource(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line without its terminator, or null at the end. */
  Line next() throws IOException {
    StringBuilder line = new StringBuilder();
    boolean any = false;
    boolean overflow = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      char c = buffer[position++];
      any = true;
      if (first) {
        first = false;
        if (c == '\uFEFF') {
          continue;
        }
      }
      if (c == '\n') {
        break;
      }
      if (c == '\r') {
        if (position == limit) {
          limit = in.read(buffer);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            break;
          }
        }
        if (buffer[position] == '\n') {
          position++;
        }
        break;
      }
      if (!overflow) {
        if (line.length() >= maxChars) {
          overflow = true;
          line.setLength(Math.min(line.length(), 200));
        } else {
          line.append(c);
        }
      }
    }
    lineNumber++;
    return new Line(lineNumber, line.toString(), overflow);
  }
}
