package io.ltvstream.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.testdata.Cdnow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventColumnsTest {
  @TempDir Path dir;

  @Test
  void cdnowColumnsGiveBackEveryEventTheReaderReadsOnBothSharedFiles() throws IOException {
    for (Path file : List.of(Cdnow.sample(), Cdnow.master())) {
      History held = CdnowReader.read(file);
      ColumnarHistory columnar = CdnowReader.readColumns(file, records -> { });

      assertThat(columnar.records()).isEqualTo(held.records());
      assertThat(columnar.invalid()).isEqualTo(held.invalid());
      EventColumns columns = columnar.events();
      assertThat(columns.size()).isEqualTo(held.events().size());
      for (int i = 0; i < columns.size(); i++) {
        EngineeredEvent event = held.events().get(i);
        assertThat(columns.event(i)).as("%s event %d", file.getFileName(), i).isEqualTo(event);
        assertThat(columns.userId(columns.user(i))).isEqualTo(event.getUserId());
        assertThat(columns.timeMillis(i)).isEqualTo(event.getEventTime().toEpochMilli());
        assertThat(columns.type(i)).isEqualTo(event.getEventType());
        assertThat(columns.amountBase(i)).isEqualTo(event.getAmountBase());
      }
    }
  }

  @Test
  void cdnowColumnsCountAndReportBadLinesAsTheReaderDoes() throws IOException {
    Path file = Files.writeString(dir.resolve("mixed.txt"), " 00001 19970101  1   11.77\n"
        + " 00001 19971301  1   11.77\n"
        + " 00001 19970102  x   11.77\n"
        + " 00001 19970103\n"
        + " 0000a 19970103  1   1.00\n"
        + "\n"
        + " 00002 19970105  1   -5.00\n"
        + " 00002 19970105  3   15.00\n");

    History held = CdnowReader.read(file);
    ColumnarHistory columnar = CdnowReader.readColumns(file, records -> { });

    assertThat(columnar.records()).isEqualTo(held.records()).isEqualTo(7);
    assertThat(columnar.invalid()).isEqualTo(held.invalid()).isEqualTo(4);
    assertThat(columnar.problems()).isEqualTo(held.problems());
    assertThat(columnar.events().slice(0, 3)).containsExactlyElementsOf(held.events());
    assertThat(held.events()).extracting(EngineeredEvent::getEventId).containsExactly(
        "cdnow-00001-19970101-0", "cdnow-00002-19970105-0", "cdnow-00002-19970105-1");
  }

  @Test
  void aSliceOfCdnowRowsHoldsNoEventButBuildsEachWhenRead() throws IOException {
    Path file = Files.writeString(dir.resolve("two.txt"), " 00001 19970101  1   11.77\n"
        + " 00001 19970108  2   20.00\n");
    EventColumns columns = CdnowReader.readColumns(file, records -> { }).events();

    List<EngineeredEvent> slice = columns.slice(0, 2);

    assertThat(slice).hasSize(2);
    assertThat(slice.get(1)).isEqualTo(slice.get(1)).isNotSameAs(slice.get(1));
    assertThat(columns.select(new int[] {1, 0}).slice(0, 2))
        .containsExactly(slice.get(1), slice.get(0));
  }

  @Test
  void heldColumnsGiveBackTheSameObjects() throws IOException {
    List<EngineeredEvent> events = CdnowReader.read(Cdnow.sample()).events();

    EventColumns columns = EventColumns.of(events);

    assertThat(columns.users()).isEqualTo(2357);
    for (int i = 0; i < events.size(); i++) {
      assertThat(columns.event(i)).isSameAs(events.get(i));
    }
  }
}
