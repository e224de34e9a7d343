package io.ltvstream.scorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void membersThatDoNotSplitTheUnitsAreRefusedBeforeTraining() {
    Path sample = Path.of(System.getProperty("ltv.shared.dir", "../../shared"), "data", "cdnow",
        "CDNOW_sample.txt");
    assumeTrue(Files.isReadable(sample), "CDNOW sample not found at " + sample.toAbsolutePath());
    StringWriter err = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setErr(new PrintWriter(err));
    Path model = dir.resolve("model.ltv");

    int exit = cli.execute("train", "--input", sample.toString(), "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--out", model.toString(), "--members", "3");

    assertThat(exit).isEqualTo(TrainCommand.FAILED);
    assertThat(err.toString()).contains("ltv train: ").contains("32 LSTM units must split evenly among 3 members");
    assertThat(model).doesNotExist();
  }
}
