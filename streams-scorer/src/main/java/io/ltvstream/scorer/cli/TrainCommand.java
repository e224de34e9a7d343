package io.ltvstream.scorer.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train the LSTM LTV model on history up to the calibration end; write a model bundle.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "History file.")
  Path input;

  @Option(names = "--format", required = true, description = "Input format: ${COMPLETION-CANDIDATES}.")
  InputFormat format;

  @Option(names = "--calibration-end", required = true, description = "Last day (inclusive, yyyy-MM-dd) the model may see.")
  LocalDate calibrationEnd;

  @Option(names = "--out", required = true, description = "Model bundle file to write.")
  Path out;

  @Override
  public Integer call() {
    return NotAvailableYet.report("train");
  }
}
