package io.ltvstream.scorer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the streams-scorer service against a Kafka cluster.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "scorer.properties (see docs/scorer.md).")
  Path config;

  @Override
  public Integer call() {
    return NotAvailableYet.report("run");
  }
}
