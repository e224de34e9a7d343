package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.history.EngineeredEventFileReader;
import io.ltvstream.core.history.History;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ShopCommandTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void bothFormatsHoldTheSameEventsAndTheReadersTakeThemWhole() throws Exception {
    Path cdnow = dir.resolve("shop.txt");
    Path events = dir.resolve("shop.avro");

    assertThat(run("shop", "--users", "300", "--days", "120", "--out", cdnow.toString()))
        .as(err.toString()).isZero();
    assertThat(run("shop", "--users", "300", "--days", "120", "--format", "events", "--out",
        events.toString())).as(err.toString()).isZero();

    History fromCdnow = CdnowReader.read(cdnow);
    History fromEvents = EngineeredEventFileReader.read(events);
    assertThat(fromCdnow.invalid()).isZero();
    assertThat(fromCdnow.events()).hasSizeGreaterThan(300);
    assertThat(fromEvents.events()).hasSameSizeAs(fromCdnow.events());
    assertThat(fromCdnow.events().stream().map(e -> e.getUserId()).distinct().count())
        .isEqualTo(fromEvents.events().stream().map(e -> e.getUserId()).distinct().count());
    // a customer's rows of one day get distinct ids although the file is ordered by day
    assertThat(fromCdnow.events().stream().map(e -> e.getEventId()).distinct().count())
        .isEqualTo(fromCdnow.events().size());
    assertThat(err.toString()).contains("shop: wrote " + String.format("%,d",
        fromCdnow.events().size()) + " events of 300 customers");
  }
}
