package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.cli.testdata.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A directory where a command writes a file is a usage error before any work, naming the option. */
class OutputPathsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "shop --users 100 --out|--out",
      "demo --report|--report",
      "train --input does-not-exist.txt --format cdnow --calibration-end 1997-09-30 --out|--out",
      "evaluate --input does-not-exist.txt --format cdnow --calibration-end 1997-09-30 --holdout-end 1998-06-30 --json|--json",
      "prepare --input does-not-exist.csv --mapping does-not-exist.properties --out|--out"})
  void aDirectoryGivenForAnOutputFileIsAUsageErrorBeforeAnyWork(String command, String option) throws Exception {
    Path taken = Files.createDirectory(dir.resolve("taken"));
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add(taken.toString());

    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(option + " " + taken + " is a directory")
        .doesNotContain("Exception", "no such file", "\tat ");
  }
}
