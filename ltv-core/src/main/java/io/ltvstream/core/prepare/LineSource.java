package io.ltvstream.core.prepare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Physical lines of a UTF-8 byte stream, numbered from 1. Lines are split on bytes (\n, \r\n, \r), then
 * decoded one by one and strictly, so a line that is not UTF-8 is {@link Line#notUtf8() marked} and
 * never silently turned into U+FFFD, and the next line is read as usual. A line longer than
 * {@code maxBytes} is consumed to its end and marked {@link Line#tooLong()}, keeping only its start, so
 * a runaway line (a file without new lines) cannot exhaust memory. A leading byte-order mark is skipped.
 */
final class LineSource {
  /** Start of a too long line kept, in bytes. */
  private static final int KEPT_PREFIX = 200;

  /**
   * One physical line. When {@code tooLong}, {@code text} is only its start; when {@code notUtf8}, it
   * is the line with U+FFFD for the bad bytes (for display only) and {@code badByte} the 1-based
   * position of the first one.
   */
  record Line(long number, String text, boolean tooLong, boolean notUtf8, int badByte) {}

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[1 << 16];
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] line = new byte[512];
  private int length;
  private int position;
  private int limit;
  private long lineNumber;

  LineSource(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line without its terminator, or null at the end. */
  Line next() throws IOException {
    length = 0;
    boolean any = false;
    boolean overflow = false;
    boolean ascii = true;
    while (true) {
      if (position == limit && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      int start = position;
      while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
        ascii &= buffer[position] >= 0;
        position++;
      }
      int n = position - start;
      if (!overflow && length + n > maxBytes) {
        overflow = true;
        int kept = Math.min(KEPT_PREFIX, maxBytes);
        append(start, Math.min(n, Math.max(0, kept - length)));
        length = Math.min(length, kept);
      } else if (!overflow) {
        append(start, n);
      }
      if (position < limit) {
        byte terminator = buffer[position++];
        if (terminator == '\r' && (position < limit || fill()) && buffer[position] == '\n') {
          position++;
        }
        break;
      }
    }
    lineNumber++;
    int offset = lineNumber == 1 && startsWithByteOrderMark() ? 3 : 0;
    if (overflow) {
      return new Line(lineNumber, new String(line, offset, length - offset, StandardCharsets.UTF_8), true, false, 0);
    }
    if (ascii) {
      return new Line(lineNumber, new String(line, offset, length - offset, StandardCharsets.ISO_8859_1),
          false, false, 0);
    }
    return decode(offset);
  }

  private Line decode(int offset) {
    ByteBuffer bytes = ByteBuffer.wrap(line, offset, length - offset);
    CharBuffer chars = CharBuffer.allocate(length - offset);
    decoder.reset();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      int badByte = bytes.position() - offset + 1;
      return new Line(lineNumber, new String(line, offset, length - offset, StandardCharsets.UTF_8), false, true,
          badByte);
    }
    return new Line(lineNumber, chars.flip().toString(), false, false, 0);
  }

  private boolean startsWithByteOrderMark() {
    return length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF;
  }

  private void append(int start, int n) {
    if (length + n > line.length) {
      byte[] grown = new byte[Math.max(line.length * 2, length + n)];
      System.arraycopy(line, 0, grown, 0, length);
      line = grown;
    }
    System.arraycopy(buffer, start, line, length, n);
    length += n;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    position = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }
}
