package io.ltvstream.scorer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole product on an embedded broker with a synthetic shop.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--users", defaultValue = "2000", description = "Synthetic shop users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--days", defaultValue = "180", description = "Days of shop history (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--json", description = "Write the demo summary as JSON to this file.")
  Path json;

  @Override
  public Integer call() {
    return NotAvailableYet.report("demo");
  }
}
