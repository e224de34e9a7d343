package io.ltvstream.bench;

import io.ltvstream.cli.Ltv;
import io.ltvstream.cli.bench.BenchReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ./ltv train} on the CDNOW master file with its defaults, timed from start to written bundle. */
final class TrainingBench {
  private final PrintStream out;

  TrainingBench(PrintStream out) {
    this.out = out;
  }

  void run(Path master, BenchReport.Training figures) throws Exception {
    if (!Files.isRegularFile(master)) {
      out.println("training: " + master + " not found; pass --cdnow-master");
      return;
    }
    Path bundle = Files.createTempFile("ltv-bench-cdnow-", ".zip");
    try {
      out.println("training: ltv train --input " + master + " --format cdnow --calibration-end 1997-09-30");
      long start = System.nanoTime();
      int exit = Ltv.commandLine().execute("train", "--input", master.toString(), "--format", "cdnow",
          "--calibration-end", "1997-09-30", "--out", bundle.toString());
      double seconds = (System.nanoTime() - start) / 1e9;
      if (exit != 0) {
        out.println("training: ltv train exited with " + exit);
        return;
      }
      figures.cdnowMasterSeconds = seconds;
      out.printf("  CDNOW master (23,570 users): %.1f s%n", seconds);
    } finally {
      Files.deleteIfExists(bundle);
    }
  }
}
