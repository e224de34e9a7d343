package io.ltvstream.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.core.testdata.Cdnow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdnowReaderTest {
  @TempDir Path dir;

  @Test
  void masterLayoutWithHeaderAndCrlf() throws IOException {
    Path file = write("master.txt", " customer_id  date number_of_cds  dollar_value\r\n"
        + " 00001 19970101  1   11.77\r\n"
        + " 00002 19970112  2   12.00\r\n"
        + " 00002 19970112  1   77.00\r\n");

    History history = CdnowReader.read(file);

    assertThat(history.records()).isEqualTo(3);
    assertThat(history.invalid()).isZero();
    EngineeredEvent first = history.events().get(0);
    assertThat(first.getUserId()).isEqualTo("00001");
    assertThat(first.getEventTime()).isEqualTo(Instant.parse("1997-01-01T00:00:00Z"));
    assertThat(first.getEventType()).isEqualTo(EventType.PURCHASE);
    assertThat(first.getAmount()).isEqualTo(11.77);
    assertThat(first.getAmountBase()).isEqualTo(11.77);
    assertThat(first.getQuantity()).isEqualTo(1);
    assertThat(first.getCurrency()).isEqualTo("USD");
    assertThat(first.getSourceId()).isEqualTo("master.txt");
    assertThat(first.getSourcePosition()).isEqualTo(2L);
    assertThat(history.events()).extracting(EngineeredEvent::getEventId)
        .containsExactly("cdnow-00001-19970101-0", "cdnow-00002-19970112-0",
            "cdnow-00002-19970112-1");
  }

  @Test
  void sampleLayoutNamesCustomersByTheirMasterId() throws IOException {
    Path file = write("sample.txt", " 00004 0001 19970101  2   29.33\r\n"
        + " 00004 0001 19970118  2   29.73\r\n");

    List<EngineeredEvent> events = CdnowReader.read(file).events();

    assertThat(events).extracting(EngineeredEvent::getUserId).containsOnly("00004");
    assertThat(events.get(1).getEventId()).isEqualTo("cdnow-00004-19970118-0");
    assertThat(events.get(1).getQuantity()).isEqualTo(2);
  }

  @Test
  void badLinesAreCountedWithTheirReasonAndTheRestIsRead() throws IOException {
    Path file = write("mixed.txt", " 00001 19970101  1   11.77\n"
        + " 00001 19971301  1   11.77\n"
        + " 00001 19970102  x   11.77\n"
        + " 00001 19970103\n"
        + "\n"
        + " 00002 19970105  1   5.00\n");

    History history = CdnowReader.read(file);

    assertThat(history.records()).isEqualTo(5);
    assertThat(history.events()).hasSize(2);
    assertThat(history.invalid()).isEqualTo(3);
    assertThat(history.problems()).containsExactly(
        "mixed.txt:2: date '19971301' is not yyyyMMdd",
        "mixed.txt:3: number of CDs 'x' or dollar value '11.77' is not a number",
        "mixed.txt:4: expected 4 (master) or 5 (sample) fields, got 2");
  }

  @Test
  void aFileWithoutAnyRecordIsAFormatError() throws IOException {
    Path file = write("json.txt", "{\"user\": 1}\n");

    assertThatThrownBy(() -> CdnowReader.read(file))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("json.txt has no CDNOW record");
  }

  @Test
  void bothSharedFilesReadCompletely() throws IOException {
    History sample = CdnowReader.read(Cdnow.sample());
    History master = CdnowReader.read(Cdnow.master());

    assertThat(sample.events()).hasSize(6919);
    assertThat(master.events()).hasSize(69659);
    assertThat(sample.invalid() + master.invalid()).isZero();
    assertThat(master.events().stream().map(EngineeredEvent::getUserId).distinct().count())
        .isEqualTo(23570);
    // every sample row is a master row with the same derived id
    java.util.Set<String> masterIds = new java.util.HashSet<>();
    master.events().forEach(e -> masterIds.add(e.getEventId()));
    assertThat(sample.events().stream().filter(e -> !masterIds.contains(e.getEventId())))
        .isEmpty();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
