package io.ltvstream.core.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class LineSourceTest {
  @Test
  void splitsOnEveryLineEndAndSkipsTheByteOrderMark() throws IOException {
    LineSource lines = new LineSource(new StringReader("\uFEFFa\r\nb\rc\n\nd"), 100);
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
    LineSource lines = new LineSource(new StringReader("x".repeat(50) + "\nok\n"), 10);
    LineSource.Line tooLong = lines.next();
    assertThat(tooLong.tooLong()).isTrue();
    assertThat(tooLong.text()).hasSize(10);
    assertThat(lines.next().text()).isEqualTo("ok");
  }
}
