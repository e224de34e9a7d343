package io.ltvstream.core.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineSourceTest {
  @Test
  void splitsOnEveryLineEndAndSkipsTheByteOrderMark() throws IOException {
    LineSource lines = new LineSource(utf8("\uFEFFa\r\nb\rc\n\nd"), 100);
    assertThat(lines.next().text()).isEqualTo("a");
    assertThat(lines.next().text()).isEqualTo("b");
    assertThat(lines.next().text()).isEqualTo("c");
    assertThat(lines.next().text()).isEmpty();
    LineSource.Line last = lines.next();
    assertThat(last.text()).isEqualTo("d");
    assertThat(last.number()).isEqualTo(5);
    assertThat(lines.next()).isNull();
  }

  @Test
  void aLineOverTheLimitIsMarkedAndTheNextLineIsIntact() throws IOException {
    LineSource lines = new LineSource(utf8("x".repeat(50) + "\nok\n"), 10);
    LineSource.Line tooLong = lines.next();
    assertThat(tooLong.tooLong()).isTrue();
    assertThat(tooLong.text()).hasSize(10);
    assertThat(lines.next().text()).isEqualTo("ok");
  }

  @Test
  void aLineThatIsNotUtf8IsMarkedWithItsFirstBadByteAndTheNextIsRead() throws IOException {
    byte[] bytes = {'a', (byte) 0xC3, (byte) 0xA9, '\n', 'b', (byte) 0xC3, '(', '\n', 'c'};
    LineSource lines = new LineSource(new ByteArrayInputStream(bytes), 100);
    assertThat(lines.next().text()).isEqualTo("a\u00e9");
    LineSource.Line bad = lines.next();
    assertThat(bad.notUtf8()).isTrue();
    assertThat(bad.badByte()).isEqualTo(2);
    assertThat(lines.next().text()).isEqualTo("c");
  }

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
