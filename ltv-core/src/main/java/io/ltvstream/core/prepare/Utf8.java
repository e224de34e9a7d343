package io.ltvstream.core.prepare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Whether a byte stream is valid UTF-8 throughout, read in constant memory. */
public final class Utf8 {
  private Utf8() {}

  public static boolean isValid(InputStream in) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    byte[] chunk = new byte[1 << 16];
    ByteBuffer bytes = ByteBuffer.allocate(chunk.length + 8);
    CharBuffer chars = CharBuffer.allocate(chunk.length + 8);
    int n;
    while ((n = in.read(chunk)) > 0) {
      bytes.put(chunk, 0, n).flip();
      CoderResult result = decoder.decode(bytes, chars, false);
      if (result.isError()) {
        return false;
      }
      // A sequence cut by the chunk boundary stays in the buffer for the next round.
      bytes.compact();
      chars.clear();
    }
    bytes.flip();
    CoderResult end = decoder.decode(bytes, chars, true);
    return !end.isError() && !decoder.flush(chars).isError();
  }
}
