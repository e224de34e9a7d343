package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.cli.testdata.CliRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LtvTest {
  @Test
  void helpListsEveryCommandOfTheArchitecture() {
    CliRun help = CliRun.of("--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("demo", "prepare", "train", "evaluate", "run", "bench");
  }

  @Test
  void everyOptionOfEveryCommandHasADescription() {
    CommandLine cli = Ltv.commandLine();
    cli.getSubcommands().forEach((name, sub) -> sub.getCommandSpec().options().forEach(option ->
        assertThat(option.description()).as(name + " " + option.longestName()).isNotEmpty()));
  }

  @Test
  void aDateInAnotherFormatSaysWhichFormatIsExpected() {
    CliRun run = CliRun.of("train", "--input", "x.txt", "--format", "cdnow", "--calibration-end", "30/09/1997",
        "--out", "model.zip");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("expected a date as yyyy-MM-dd, got '30/09/1997'").doesNotContain("java.time");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    assertThat(CliRun.of("train", "--format", "cdnow").exit()).isEqualTo(2);
  }
}
