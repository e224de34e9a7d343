package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.history.EngineeredEventFileReader;
import io.ltvstream.core.history.History;
import io.ltvstream.cli.testdata.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopCommandTest {
  @TempDir Path dir;

  @Test
  void bothFormatsHoldTheSameEventsAndTheReadersTakeThemWhole() throws Exception {
    Path cdnow = dir.resolve("shop.txt");
    Path events = dir.resolve("shop.avro");

    CliRun lines = CliRun.of("shop", "--users", "300", "--days", "120", "--out", cdnow.toString());
    assertThat(lines.exit()).as(lines.err()).isZero();
    CliRun avro = CliRun.of("shop", "--users", "300", "--days", "120", "--format", "events", "--out",
        events.toString());
    assertThat(avro.exit()).as(avro.err()).isZero();

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
    for (CliRun run : new CliRun[] {lines, avro}) {
      assertThat(run.err()).contains("shop: wrote " + String.format("%,d",
          fromCdnow.events().size()) + " events of 300 customers");
    }
  }

  @Test
  void theShopWithDimensionsWritesBrandedEventsItsProfilesAndItsCalendar() throws Exception {
    Path events = dir.resolve("shop.avro");
    Path profiles = dir.resolve("profiles.avro");
    Path calendar = dir.resolve("calendar.csv");

    CliRun run = CliRun.of("shop", "--users", "200", "--days", "120", "--format", "events", "--dimensions",
        "--out", events.toString(), "--profiles", profiles.toString(), "--calendar", calendar.toString());
    assertThat(run.exit()).as(run.err()).isZero();

    History history = EngineeredEventFileReader.read(events);
    assertThat(history.events()).allSatisfy(e -> assertThat(e.getAttributes().get("brand"))
        .isIn("acme", "zenith", "basic"));
    java.util.Map<String, io.ltvstream.avro.UserProfile> byUser =
        io.ltvstream.core.history.UserProfileFileReader.read(profiles);
    assertThat(byUser).hasSize(200);
    assertThat(history.events()).allSatisfy(e -> assertThat(byUser).containsKey(e.getUserId()));
    assertThat(byUser.values()).allSatisfy(p -> assertThat(p.getAcquisitionChannel()).isNotBlank());
    io.ltvstream.core.features.MarketCalendar read = io.ltvstream.core.features.MarketCalendar.read(calendar);
    assertThat(read.days()).isNotEmpty().anySatisfy(d -> assertThat(d.promotion()).isTrue())
        .anySatisfy(d -> assertThat(d.holiday()).isNotNull());
    assertThat(run.err()).contains("shop: wrote 200 profiles", "calendar days to");
  }

  @Test
  void theRetailShopGivesEachCustomerACountryAndKeepsTheGivenCalendar() throws Exception {
    Path events = dir.resolve("retail.avro");
    Path profiles = dir.resolve("profiles.avro");
    Path calendar = dir.resolve("calendar.csv");

    CliRun run = CliRun.of("shop", "--users", "300", "--start", "2010-01-01", "--days", "90", "--format",
        "events", "--retail-calendar", "../examples/uk-bank-holidays.csv", "--out", events.toString(),
        "--profiles", profiles.toString(), "--calendar", calendar.toString());
    assertThat(run.exit()).as(run.err()).isZero();

    assertThat(io.ltvstream.core.history.UserProfileFileReader.read(profiles).values().stream()
        .map(p -> p.getRegion()).distinct()).contains("united kingdom", "germany");
    assertThat(io.ltvstream.core.features.MarketCalendar.read(calendar).days()).isEqualTo(
        io.ltvstream.core.features.MarketCalendar.read(Path.of("../examples/uk-bank-holidays.csv")).days());
  }

  @Test
  void aMissingRetailCalendarIsNamedWithoutAStackTrace() {
    Path missing = dir.resolve("no-such-calendar.csv");

    CliRun run = CliRun.of("shop", "--users", "10", "--format", "events", "--retail-calendar",
        missing.toString(), "--out", dir.resolve("x.avro").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("ltv shop: no such file: " + missing).doesNotContain("\tat ");
    assertThat(dir.resolve("x.avro")).doesNotExist();
  }

  @Test
  void dimensionsInCdnowLinesAreAUsageError() {
    CliRun run = CliRun.of("shop", "--users", "10", "--dimensions", "--out", dir.resolve("x.txt").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--dimensions needs --format events");
  }
}
