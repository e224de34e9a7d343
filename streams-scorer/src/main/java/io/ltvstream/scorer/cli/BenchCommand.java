package io.ltvstream.scorer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the benchmark suite; print figures and write them as JSON.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--json", required = true, description = "Write the figures here.")
  Path json;

  @Override
  public Integer call() {
    return NotAvailableYet.report("bench");
  }
}
