package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import io.ltvstream.core.features.MarketCalendar;
import io.ltvstream.model.ModelBundle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void membersThatDoNotSplitTheUnitsAreAUsageErrorBeforeReading() {
    StringWriter err = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(err));
    Path model = dir.resolve("model.ltv");

    int exit = cli.execute("train", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", model.toString(), "--members", "3");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--members 3: the 32 recurrent units must split evenly among 3 members")
        .doesNotContain("no such file");
    assertThat(model).doesNotExist();
  }

  @Test
  void noTrainingUsersIsAUsageErrorBeforeReading() {
    StringWriter err = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(err));
    Path model = dir.resolve("model.ltv");

    int exit = cli.execute("train", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", model.toString(), "--training-users", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--training-users 0: at least one user must train the network")
        .doesNotContain("no such file");
    assertThat(model).doesNotExist();
  }

  @Test
  void anUnknownCellIsAUsageErrorBeforeReading() {
    StringWriter err = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("train", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", dir.resolve("model.ltv").toString(), "--cell", "rnn");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--cell").contains("rnn").doesNotContain("no such file");
  }

  @Test
  void aCalendarGoesIntoTheBundleAndDatesItDoesNotCoverAreNoError() throws Exception {
    Path events = SyntheticHistory.eventsFile(dir, 150, 120, 3);
    Path model = dir.resolve("model.zip");
    StringWriter err = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(err));

    // the example covers 2010-2012; the shop's history is in 2024, outside it
    int exit = cli.execute("train", "--input", events.toString(), "--format", "events", "--calibration-end",
        SyntheticHistory.START.plusDays(119).toString(), "--out", model.toString(), "--max-epochs", "1",
        "--calendar", "../examples/uk-bank-holidays.csv");

    assertThat(exit).as(err.toString()).isZero();
    ModelBundle bundle = ModelBundle.load(model);
    assertThat(bundle.metadata().featureSpecVersion()).isEqualTo(2);
    assertThat(bundle.metadata().featureSpec().calendar())
        .isEqualTo(MarketCalendar.read(Path.of("../examples/uk-bank-holidays.csv")).days());
    assertThat(bundle.metadata().stepNames()).contains("holiday_proximity", "in_promotion", "price_tier=1");
    assertThat(err.toString()).contains("feature spec 2");
  }

  @Test
  void aMalformedCalendarFailsNamingTheLine() throws Exception {
    Path events = SyntheticHistory.eventsFile(dir, 20, 30, 3);
    Path calendar = dir.resolve("calendar.csv");
    java.nio.file.Files.writeString(calendar, "date,holiday,promotion\n2024-01-01,New Year,false\n2024-13-01,x,false\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("train", "--input", events.toString(), "--format", "events", "--calibration-end",
        "2024-01-20", "--out", dir.resolve("m.zip").toString(), "--calendar", calendar.toString());

    assertThat(exit).isEqualTo(TrainCommand.FAILED);
    assertThat(err.toString()).contains("line 3").contains("2024-13-01");
  }

  @Test
  void aCalendarWithSpecOneIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("train", "--input", "does-not-exist.txt", "--format", "cdnow", "--calibration-end",
        "1997-09-30", "--out", dir.resolve("m.zip").toString(), "--calendar", "c.csv", "--feature-spec", "1");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--feature-spec 2");
  }
}
