package io.ltvstream.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.UserProfile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserProfileFileReaderTest {
  @TempDir Path dir;

  @Test
  void aCompleteFileOfSeveralBlocksReadsEveryProfile() throws IOException {
    Path file = dir.resolve("profiles.avro");
    writeInBlocksOfTen(file, 30);

    assertThat(UserProfileFileReader.read(file))
        .hasSize(30)
        .containsKeys("u0", "u29");
  }

  @Test
  void aContainerWithoutRecordsIsCompleteAndEmpty() throws IOException {
    Path file = dir.resolve("profiles.avro");
    writeInBlocksOfTen(file, 0);

    assertThat(UserProfileFileReader.read(file)).isEmpty();
  }

  @Test
  void aFileCutInsideADataBlockIsTruncatedNotShorter() throws IOException {
    Path file = dir.resolve("profiles.avro");
    long firstBlockEnd = writeInBlocksOfTen(file, 30);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(firstBlockEnd + 20); // inside the second block
    }

    assertThatThrownBy(() -> UserProfileFileReader.read(file))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("profiles.avro is truncated")
        .hasMessageContaining("after 10 records");
  }

  /** Writes profiles u0..u{count-1} in blocks of ten; returns the file position after the first block. */
  private static long writeInBlocksOfTen(Path file, int count) throws IOException {
    long firstBlockEnd = -1;
    try (DataFileWriter<UserProfile> out =
        new DataFileWriter<>(new SpecificDatumWriter<>(UserProfile.class))) {
      out.create(UserProfile.getClassSchema(), file.toFile());
      for (int i = 0; i < count; i++) {
        out.append(UserProfile.newBuilder().setUserId("u" + i).setRegion("uk").build());
        if (i % 10 == 9) {
          long blockEnd = out.sync();
          firstBlockEnd = firstBlockEnd < 0 ? blockEnd : firstBlockEnd;
        }
      }
    }
    return firstBlockEnd;
  }
}
