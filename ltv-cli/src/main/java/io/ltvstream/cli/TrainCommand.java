package io.ltvstream.cli;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.features.DimensionSources;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.history.EngineeredEventFileReader;
import io.ltvstream.core.history.History;
import io.ltvstream.core.history.HistoryFormatException;
import io.ltvstream.model.Cell;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.train.LtvTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train the LTV network (LSTM or GRU) on history up to the calibration end; write a model bundle.")
final class TrainCommand implements Callable<Integer> {
  static final int FAILED = 1;

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, description = "History file.")
  Path input;

  @Option(names = "--format", required = true, description = "Input format: ${COMPLETION-CANDIDATES}.")
  InputFormat format;

  @Option(names = "--calibration-end", required = true, description = "Last day (inclusive, yyyy-MM-dd) the model may see.")
  LocalDate calibrationEnd;

  @Option(names = "--out", required = true, description = "Model bundle file to write.")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "Training seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--horizon-days", defaultValue = "273", description = "Prediction horizon the scorer reports (default ${DEFAULT-VALUE}).")
  int horizonDays;

  @Option(names = "--max-epochs", defaultValue = "16", description = "Epoch limit; early stopping usually ends sooner (default ${DEFAULT-VALUE}).")
  int maxEpochs;

  @Option(names = "--members", defaultValue = "1",
      description = "Ensemble members, trained with seeds seed, seed+1, ... and packed into one network; they share its 32 recurrent units, so the per-user state does not grow (default ${DEFAULT-VALUE}; 1, 2 or 4).")
  int members;

  @Option(names = "--cell", defaultValue = "lstm", description = "Recurrent cell: lstm or gru (default ${DEFAULT-VALUE}).")
  Cell cell;

  @Option(names = "--training-users", defaultValue = "3000",
      description = "Users (an evenly spaced selection) whose examples train the network; the calibration and the baseline use every user. More costs training time in proportion (default ${DEFAULT-VALUE}).")
  int trainingUsers;

  @Mixin DimensionOptions dimensionOptions;

  @Option(names = "--max-steps", defaultValue = "0",
      description = "Keep only the most recent N event steps of each training example, a bound on the training time on long histories (hundreds of events per user); 0 keeps every step (default ${DEFAULT-VALUE}). The scorer still steps every event.")
  int maxSteps;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (maxSteps < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-steps " + maxSteps
          + ": must be 0 (every step) or positive");
    }
    if (trainingUsers < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--training-users " + trainingUsers
          + ": at least one user must train the network");
    }
    OutputPaths.requireFile(spec, "--out", out);
    if (maxEpochs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-epochs " + maxEpochs
          + ": at least one epoch must train the network");
    }
    if (horizonDays < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--horizon-days " + horizonDays
          + ": the prediction horizon must be at least one day");
    }
    LtvTrainer.Settings settings;
    try {
      settings = LtvTrainer.Settings.defaults().toBuilder().seed(seed).members(members).maxEpochs(maxEpochs)
          .horizonDays(horizonDays).cell(cell).maxSteps(maxSteps).maxTrainingUsers(trainingUsers).build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--members " + members + ": " + e.getMessage());
    }
    dimensionOptions.version(); // a usage error before reading anything
    try {
      History history = switch (format) {
        case cdnow -> CdnowReader.read(input);
        case events -> EngineeredEventFileReader.read(input);
      };
      // Only the calibration period: the cohort split drops everything after the calibration end.
      CohortSplit split = CohortSplit.of(history.events(), calibrationEnd, calibrationEnd.plusDays(1));
      List<List<EngineeredEvent>> histories = new ArrayList<>();
      for (UserHistory user : split.calibration().users()) {
        histories.add(user.events());
      }
      err.printf(Locale.ROOT, "train: %,d events, %,d users with a purchase by %s%n",
          history.events().size(), histories.size(), calibrationEnd);
      history.events().stream().map(e -> LocalDate.ofInstant(e.getEventTime(), ZoneOffset.UTC))
          .max(Comparator.naturalOrder()).filter(last -> last.isBefore(calibrationEnd))
          .ifPresent(last -> err.println("ltv train: warning: the last event of " + input + " is on " + last + ", "
              + ChronoUnit.DAYS.between(last, calibrationEnd) + " days before --calibration-end " + calibrationEnd
              + ": training reads those days as days in which no one bought; set --calibration-end to the data's last day"));
      DimensionSources sources = dimensionOptions.sources();
      FeatureSpec dimensions = null;
      if (sources != null) {
        dimensions = sources.spec(histories);
        err.printf(Locale.ROOT, "train: feature spec 2: %,d calendar days, profiles for %,d of the users,"
            + " %d %s values%n", sources.calendar().days().size(), sources.profiled(histories),
            dimensions.product().values().size(), sources.productField());
      }
      long started = System.nanoTime();
      ModelBundle bundle = new LtvTrainer(settings, new java.io.PrintStream(System.err, true))
          .train(histories, sources == null ? Map.of() : sources.profiles(), dimensions, calibrationEnd);
      bundle.save(out);
      err.printf(Locale.ROOT, "train: wrote %s (version %s, %,d bytes) in %.1f s%n", out, bundle.version(),
          Files.size(out), (System.nanoTime() - started) / 1e9);
      return 0;
    } catch (IOException | HistoryFormatException | IllegalArgumentException e) {
      err.println("ltv train: " + FileProblems.describe(e));
      return FAILED;
    }
  }
}
