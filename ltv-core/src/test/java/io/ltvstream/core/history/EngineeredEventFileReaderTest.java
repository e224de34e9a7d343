package io.ltvstream.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.features.EventFeatures;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineeredEventFileReaderTest {
  @TempDir Path dir;

  @Test
  void readsBackWhatAnAvroContainerWriterWrote() throws IOException {
    List<EngineeredEvent> written = List.of(
        engineered("e1", "u1", "2024-01-01T10:00:00Z", EventType.PURCHASE, 10),
        engineered("e2", "u1", "2024-01-02T10:00:00Z", EventType.REFUND, -4),
        engineered("e3", "u2", "2024-01-03T10:00:00Z", EventType.VIEW, 0));
    Path file = dir.resolve("events.avro");
    try (DataFileWriter<EngineeredEvent> out =
        new DataFileWriter<>(new SpecificDatumWriter<>(EngineeredEvent.class))) {
      out.create(EngineeredEvent.getClassSchema(), file.toFile());
      written.forEach(e -> {
        try {
          out.append(e);
        } catch (IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      });
    }

    History history = EngineeredEventFileReader.read(file);

    assertThat(history.events()).isEqualTo(written);
    assertThat(history.records()).isEqualTo(3);
    assertThat(history.invalid()).isZero();
  }

  @Test
  void aTextFileIsAFormatErrorThatSaysWhatIsExpected() throws IOException {
    Path file = Files.writeString(dir.resolve("CDNOW_sample.txt"), " 00004 0001 19970101  2   29.33\n");

    assertThatThrownBy(() -> EngineeredEventFileReader.read(file))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("CDNOW_sample.txt is not an Avro container file")
        .hasMessageContaining("./ltv prepare");
  }

  @Test
  void aFileCutInsideADataBlockIsTruncatedNotShorter() throws IOException {
    Path file = dir.resolve("events.avro");
    List<Long> blockEnds = writeInBlocksOfTen(file, 50);
    long cut = (blockEnds.get(1) + blockEnds.get(2)) / 2; // inside the third block
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(cut);
    }

    assertThatThrownBy(() -> EngineeredEventFileReader.read(file))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("events.avro is truncated")
        .hasMessageContaining("after 20 records");
  }

  @Test
  void aFileCutInsideTheHeaderIsTruncated() throws IOException {
    Path file = dir.resolve("events.avro");
    writeInBlocksOfTen(file, 10);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(50);
    }

    assertThatThrownBy(() -> EngineeredEventFileReader.read(file))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("events.avro is truncated: it ends inside the Avro header");
  }

  @Test
  void aCompleteFileOfSeveralBlocksReadsEveryRecord() throws IOException {
    Path file = dir.resolve("events.avro");
    writeInBlocksOfTen(file, 50);

    History history = EngineeredEventFileReader.read(file);

    assertThat(history.records()).isEqualTo(50);
    assertThat(history.events()).extracting(EngineeredEvent::getEventId)
        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "e" + i).toList());
  }

  /** Writes {@code count} events in blocks of ten; returns the file position after each block. */
  private static List<Long> writeInBlocksOfTen(Path file, int count) throws IOException {
    List<Long> blockEnds = new ArrayList<>();
    try (DataFileWriter<EngineeredEvent> out =
        new DataFileWriter<>(new SpecificDatumWriter<>(EngineeredEvent.class))) {
      out.create(EngineeredEvent.getClassSchema(), file.toFile());
      for (int i = 0; i < count; i++) {
        out.append(engineered("e" + i, "u" + i % 7, "2024-01-01T10:00:00Z", EventType.PURCHASE, i));
        if (i % 10 == 9) {
          blockEnds.add(out.sync());
        }
      }
    }
    return blockEnds;
  }

  private static EngineeredEvent engineered(String id, String user, String time, EventType type,
      double amount) {
    return EventFeatures.engineer(UserEvent.newBuilder().setEventId(id).setUserId(user)
        .setEventTime(Instant.parse(time)).setEventType(type).setAmount(amount)
        .setAttributes(Map.of()).build(), "prepare", 1L);
  }
}
