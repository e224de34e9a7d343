package io.ltvstream.cli.bench;

import java.io.PrintStream;

/** The benchmark suite behind {@code ./ltv bench}, provided by the {@code benchmarks} module. */
public interface BenchmarkSuite {
  /**
   * Runs every part that can run here, printing progress and figures to {@code out}. A part that
   * cannot run leaves its figures null and says why on {@code out}.
   */
  BenchReport run(BenchOptions options, PrintStream out) throws Exception;
}
