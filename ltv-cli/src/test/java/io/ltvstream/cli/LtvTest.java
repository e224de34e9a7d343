package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LtvTest {
  @Test
  void helpListsEveryCommandOfTheArchitecture() {
    StringWriter out = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).contains("demo", "prepare", "train", "evaluate", "run", "bench");
  }

  @Test
  void everyOptionOfEveryCommandHasADescription() {
    CommandLine cli = Ltv.commandLine();
    cli.getSubcommands().forEach((name, sub) -> sub.getCommandSpec().options().forEach(option ->
        assertThat(option.description()).as(name + " " + option.longestName()).isNotEmpty()));
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("train", "--format", "cdnow")).isEqualTo(2);
  }
}
