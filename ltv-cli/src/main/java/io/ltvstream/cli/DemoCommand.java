package io.ltvstream.cli;

import io.ltvstream.cli.demo.Demo;
import io.ltvstream.cli.demo.DemoOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole product on an embedded broker with a synthetic shop:",
        "raw records -> cleaning, dedupe, features -> ltv-events -> scorer (exactly_once_v2) -> ltv-scores.",
        "Trains a small model on the shop's first months, prints a summary and the top users,",
        "writes an HTML report, and removes its broker and files when done."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--users", defaultValue = "2000", description = "Synthetic shop users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--days", defaultValue = "180", description = "Days of shop history, ending today (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--training-share", defaultValue = "0.667",
      description = "Leading share of the days the model is trained on (default: ${DEFAULT-VALUE}).")
  double trainingShare;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the shop and the training (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--top", defaultValue = "10", description = "Top users to show (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--report", defaultValue = "demo-report.html", description = "HTML report (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(names = "--json", description = "Write the demo summary as JSON to this file.")
  Path json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OutputPaths.requireFile(spec, "--report", report);
    OutputPaths.requireFile(spec, "--json", json);
    DemoOptions options;
    try {
      options = new DemoOptions(users, days, trainingShare, seed, report, top);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return Demo.run(options, json, System.out);
  }
}
