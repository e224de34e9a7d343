package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.cli.testdata.CliRun;
import io.ltvstream.core.features.MarketCalendar;
import io.ltvstream.model.ModelBundle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void membersThatDoNotSplitTheUnitsAreAUsageErrorBeforeReading() {
    Path model = dir.resolve("model.ltv");

    CliRun run = CliRun.of("train", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", model.toString(), "--members", "3");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--members 3: the 32 recurrent units must split evenly among 3 members")
        .doesNotContain("no such file");
    assertThat(model).doesNotExist();
  }

  @Test
  void noTrainingUsersIsAUsageErrorBeforeReading() {
    Path model = dir.resolve("model.ltv");

    CliRun run = CliRun.of("train", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", model.toString(), "--training-users", "0");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--training-users 0: at least one user must train the network")
        .doesNotContain("no such file");
    assertThat(model).doesNotExist();
  }

  @ParameterizedTest
  @CsvSource({"--max-epochs, 0, at least one epoch must train the network",
      "--horizon-days, 0, the prediction horizon must be at least one day"})
  void aSettingThatCannotTrainIsAUsageErrorBeforeReading(String option, String value, String reason) {
    Path model = dir.resolve("model.ltv");

    CliRun run = CliRun.of("train", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", model.toString(), option, value);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(option + " " + value + ": " + reason).doesNotContain("no such file");
    assertThat(model).doesNotExist();
  }

  @Test
  void aCalibrationEndPastTheDataIsWarnedOf() throws Exception {
    // 150 users over 120 days; the calibration end is 10 days after the last of them
    Path events = SyntheticHistory.eventsFile(dir, 150, 120, 3);

    CliRun run = CliRun.of("train", "--input", events.toString(), "--format", "events", "--calibration-end",
        SyntheticHistory.START.plusDays(129).toString(), "--out", dir.resolve("model.zip").toString(),
        "--max-epochs", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("ltv train: warning: the last event of",
        "days before --calibration-end " + SyntheticHistory.START.plusDays(129)
            + ": training reads those days as days in which no one bought");
  }

  @Test
  void aMissingInputIsNamedWithItsReason() {
    Path input = dir.resolve("nope.txt");

    CliRun run = CliRun.of("train", "--input", input.toString(), "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", dir.resolve("model.ltv").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("ltv train: no such file: " + input);
  }

  @Test
  void anUnknownCellIsAUsageErrorBeforeReading() {

    CliRun run = CliRun.of("train", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", dir.resolve("model.ltv").toString(), "--cell", "rnn");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--cell").contains("rnn").doesNotContain("no such file");
  }

  @Test
  void aCalendarGoesIntoTheBundleAndDatesItDoesNotCoverAreNoError() throws Exception {
    Path events = SyntheticHistory.eventsFile(dir, 150, 120, 3);
    Path model = dir.resolve("model.zip");

    // the example covers 2010-2012; the shop's history is in 2024, outside it
    CliRun run = CliRun.of("train", "--input", events.toString(), "--format", "events", "--calibration-end",
        SyntheticHistory.START.plusDays(119).toString(), "--out", model.toString(), "--max-epochs", "1",
        "--calendar", "../examples/uk-bank-holidays.csv");

    assertThat(run.exit()).as(run.err()).isZero();
    ModelBundle bundle = ModelBundle.load(model);
    assertThat(bundle.metadata().featureSpecVersion()).isEqualTo(2);
    assertThat(bundle.metadata().featureSpec().calendar())
        .isEqualTo(MarketCalendar.read(Path.of("../examples/uk-bank-holidays.csv")).days());
    assertThat(bundle.metadata().stepNames()).contains("holiday_proximity", "in_promotion", "price_tier=1");
    assertThat(run.err()).contains("feature spec 2");
  }

  @Test
  void aMalformedCalendarFailsNamingTheLine() throws Exception {
    Path events = SyntheticHistory.eventsFile(dir, 20, 30, 3);
    Path calendar = dir.resolve("calendar.csv");
    java.nio.file.Files.writeString(calendar, "date,holiday,promotion\n2024-01-01,New Year,false\n2024-13-01,x,false\n");

    CliRun run = CliRun.of("train", "--input", events.toString(), "--format", "events", "--calibration-end",
        "2024-01-20", "--out", dir.resolve("m.zip").toString(), "--calendar", calendar.toString());

    assertThat(run.exit()).isEqualTo(TrainCommand.FAILED);
    assertThat(run.err()).contains("line 3").contains("2024-13-01");
  }

  @Test
  void aCalendarWithSpecOneIsAUsageError() {
    CliRun run = CliRun.of("train", "--input", "does-not-exist.txt", "--format", "cdnow", "--calibration-end",
        "1997-09-30", "--out", dir.resolve("m.zip").toString(), "--calendar", "c.csv", "--feature-spec", "1");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--feature-spec 2");
  }
}
