package io.ltvstream.cli;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.features.MarketCalendar;
import io.ltvstream.core.history.UserProfileFileReader;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--calendar", description = "Market calendar CSV (date,holiday,promotion[,region]), stored in the bundle; implies --feature-spec 2.")
  Path calendar;

  @Option(names = "--profiles", description = "User profiles (the Avro file ./ltv prepare --profiles writes); implies --feature-spec 2.")
  Path profiles;

  @Option(names = "--product-field", defaultValue = FeatureSpec.DEFAULT_PRODUCT_FIELD,
      description = "Event attribute read as the product field under feature spec 2 (default ${DEFAULT-VALUE}).")
  String productField;

  @Option(names = "--feature-spec", description = "1 (history only) or 2 (with product, calendar and profile dimensions); default 2 with --calendar or --profiles, else 1.")
  Integer featureSpec;

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
    LtvTrainer.Settings settings;
    try {
      settings = LtvTrainer.Settings.defaults().toBuilder().seed(seed).members(members).maxEpochs(maxEpochs)
          .horizonDays(horizonDays).cell(cell).maxSteps(maxSteps).build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--members " + members + ": " + e.getMessage());
    }
    int specVersion = featureSpec != null ? featureSpec : calendar != null || profiles != null ? FeatureSpec.VERSION : 1;
    if (specVersion != 1 && specVersion != FeatureSpec.VERSION) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--feature-spec must be 1 or 2, got " + specVersion);
    }
    if (specVersion == 1 && (calendar != null || profiles != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--calendar and --profiles need --feature-spec 2");
    }
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
      Map<String, UserProfile> byUser = profiles == null ? Map.of() : UserProfileFileReader.read(profiles);
      FeatureSpec dimensions = null;
      if (specVersion == FeatureSpec.VERSION) {
        MarketCalendar days = calendar == null ? MarketCalendar.NONE : MarketCalendar.read(calendar);
        List<UserProfile> known = new ArrayList<>();
        for (List<EngineeredEvent> user : histories) {
          UserProfile p = byUser.get(user.get(0).getUserId());
          if (p != null) {
            known.add(p);
          }
        }
        dimensions = FeatureSpec.build(histories.stream().flatMap(List::stream).toList(), known, days, productField);
        err.printf(Locale.ROOT, "train: feature spec 2: %,d calendar days, profiles for %,d of the users,"
            + " %d %s values%n", days.days().size(), known.size(), dimensions.product().values().size(), productField);
      }
      long started = System.nanoTime();
      ModelBundle bundle = new LtvTrainer(settings, new java.io.PrintStream(System.err, true))
          .train(histories, byUser, dimensions, calibrationEnd);
      bundle.save(out);
      err.printf(Locale.ROOT, "train: wrote %s (version %s, %,d bytes) in %.1f s%n", out, bundle.version(),
          Files.size(out), (System.nanoTime() - started) / 1e9);
      return 0;
    } catch (IOException | HistoryFormatException | IllegalArgumentException e) {
      err.println("ltv train: " + e.getMessage());
      return FAILED;
    }
  }
}
