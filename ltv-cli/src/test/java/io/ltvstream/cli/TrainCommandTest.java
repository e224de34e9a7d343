package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
  void anUnknownCellIsAUsageErrorBeforeReading() {
    StringWriter err = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("train", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", dir.resolve("model.ltv").toString(), "--cell", "rnn");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--cell").contains("rnn").doesNotContain("no such file");
  }
}
