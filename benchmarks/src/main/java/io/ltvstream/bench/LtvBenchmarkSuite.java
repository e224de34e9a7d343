package io.ltvstream.bench;

import io.ltvstream.scorer.bench.BenchOptions;
import io.ltvstream.scorer.bench.BenchReport;
import io.ltvstream.scorer.bench.BenchmarkSuite;
import java.io.PrintStream;

/** Runs each part of the suite in turn; a part that fails or cannot run here leaves its figures null. */
public final class LtvBenchmarkSuite implements BenchmarkSuite {
  @Override
  public BenchReport run(BenchOptions options, PrintStream out) throws Exception {
    BenchReport report = new BenchReport();
    if (options.runs("nifi")) {
      part(out, "nifi", () -> new NifiChainBench(out).run(options.seed(), report.nifi, null));
    }
    return report;
  }

  private interface Part {
    void run() throws Exception;
  }

  private static void part(PrintStream out, String name, Part part) {
    out.printf("%n== %s%n", name);
    long start = System.nanoTime();
    try {
      part.run();
    } catch (Exception | LinkageError e) {
      out.printf("%s: could not run: %s%n", name, e);
    }
    out.printf("(%s took %.0f s)%n", name, (System.nanoTime() - start) / 1e9);
  }
}
