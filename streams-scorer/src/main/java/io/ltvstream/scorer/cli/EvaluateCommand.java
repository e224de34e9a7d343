package io.ltvstream.scorer.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Compare the LSTM with BG/NBD, Pareto/NBD (x Gamma-Gamma), naive and zero on one split.")
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "History file.")
  Path input;

  @Option(names = "--format", required = true, description = "Input format: ${COMPLETION-CANDIDATES}.")
  InputFormat format;

  @Option(names = "--calibration-end", required = true, description = "Last day (inclusive) of the calibration period.")
  LocalDate calibrationEnd;

  @Option(names = "--holdout-end", required = true, description = "Last day (inclusive) of the holdout period.")
  LocalDate holdoutEnd;

  @Option(names = "--model", description = "A trained model bundle; without it the LSTM is trained in the run.")
  Path model;

  @Option(names = "--json", required = true, description = "Write the metrics JSON here.")
  Path json;

  @Option(names = "--report", description = "Write the HTML report here.")
  Path report;

  @Override
  public Integer call() {
    return NotAvailableYet.report("evaluate");
  }
}
