package io.ltvstream.cli;

import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.CustomerBasePredictor;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.eval.NaivePredictor;
import io.ltvstream.core.eval.ZeroPredictor;
import io.ltvstream.core.features.DimensionSources;
import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.history.ColumnarHistory;
import io.ltvstream.core.history.EngineeredEventFileReader;
import io.ltvstream.core.history.EventColumns;
import io.ltvstream.core.history.History;
import io.ltvstream.core.history.HistoryFormatException;
import io.ltvstream.evaluate.Evaluation;
import io.ltvstream.evaluate.EvaluationJson;
import io.ltvstream.evaluate.EvaluationPredictionsCsv;
import io.ltvstream.evaluate.EvaluationReport;
import io.ltvstream.evaluate.EvaluationRunner;
import io.ltvstream.evaluate.EvaluationTable;
import io.ltvstream.evaluate.LstmPredictor;
import io.ltvstream.model.Cell;
import io.ltvstream.model.InvalidModelBundleException;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.train.LtvTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Compare the network (LSTM, GRU or both) with BG/NBD, Pareto/NBD, MBG/NBD, BG/BB (x Gamma-Gamma), naive and zero on one split.")
final class EvaluateCommand implements Callable<Integer> {
  /** Exit code when the input cannot be read or the cohort is empty: no figures at all. */
  static final int FAILED = 1;
  /** Exit code of a usage error, such as a bundle trained past the calibration end. */
  static final int USAGE = 2;
  /**
   * Exit code when some model failed (its reason is in the JSON, table and report) and every
   * other model's figures were written.
   */
  static final int SOME_MODELS_FAILED = 3;

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, description = "History file.")
  Path input;

  @Option(names = "--format", required = true, description = "Input format: ${COMPLETION-CANDIDATES}.")
  InputFormat format;

  @Option(names = "--calibration-end", required = true, description = "Last day (inclusive) of the calibration period.")
  LocalDate calibrationEnd;

  @Option(names = "--holdout-end", required = true, description = "Last day (inclusive) of the holdout period.")
  LocalDate holdoutEnd;

  @Option(names = "--model",
      description = "A trained model bundle, evaluated under its cell's name; without it the network is trained in the run.")
  Path model;

  /** The networks {@code --cell} trains in the run, each an entry named after its cell. */
  enum Cells {
    lstm(List.of(Cell.LSTM)), gru(List.of(Cell.GRU)), both(List.of(Cell.LSTM, Cell.GRU));

    final List<Cell> cells;

    Cells(List<Cell> cells) {
      this.cells = cells;
    }
  }

  @Option(names = "--cell", defaultValue = "lstm",
      description = "Network(s) trained in the run: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); both adds a gru entry beside lstm.")
  Cells cell;

  @Option(names = "--lstm-max-epochs", defaultValue = "16",
      description = "Epoch limit of the networks trained in the run; early stopping usually ends sooner (default ${DEFAULT-VALUE}).")
  int lstmMaxEpochs;

  @Option(names = "--lstm-members", defaultValue = "1",
      description = "Ensemble members of the networks trained in the run, as ./ltv train --members (default ${DEFAULT-VALUE}).")
  int lstmMembers;

  @Option(names = "--lstm-training-users", defaultValue = "3000",
      description = "Users whose examples train the networks of the run, as ./ltv train --training-users (default ${DEFAULT-VALUE}).")
  int lstmTrainingUsers;

  @Option(names = "--max-steps", defaultValue = "0",
      description = "Networks trained in the run keep only the most recent N event steps of each training example, as ./ltv train --max-steps; 0 keeps every step (default ${DEFAULT-VALUE}).")
  int maxSteps;

  @Mixin DimensionOptions dimensionOptions;

  @Option(names = "--json", required = true, description = "Write the metrics JSON here.")
  Path json;

  @Option(names = "--report", description = "Write the HTML report here.")
  Path report;

  @Option(names = "--predictions",
      description = "Write every user's holdout actuals and every model's predictions here (CSV).")
  Path predictions;

  /**
   * Every model the run compares, in one place: a predictor added here appears in the JSON, the
   * table and the report ({@code lstm} always first).
   */
  List<LtvPredictor> predictors(ModelBundle bundle, DimensionSources dimensions, Consumer<String> progress) {
    List<LtvPredictor> predictors = new ArrayList<>();
    PrintWriter err = spec.commandLine().getErr();
    if (bundle != null) {
      predictors.add(new LstmPredictor(bundle, dimensions == null ? Map.of() : dimensions.profiles())
          .onScoring(scoringBar(err)));
    } else {
      for (Cell c : cell.cells) {
        predictors.add(new LstmPredictor(networkSettings(c), dimensions, System.err).onScoring(scoringBar(err)));
      }
    }
    // the first network without its Pareto/NBD blend, from the same bundle (no second training)
    predictors.add(((LstmPredictor) predictors.get(0)).networkAlone());
    predictors.add(CustomerBasePredictor.bgNbd(progress));
    predictors.add(CustomerBasePredictor.paretoNbd(progress));
    predictors.add(CustomerBasePredictor.mbgNbd(progress));
    predictors.add(CustomerBasePredictor.bgBb(progress));
    predictors.add(new NaivePredictor());
    predictors.add(new ZeroPredictor());
    return predictors;
  }

  /** A bar over the users a network entry scores (a million take minutes); one per scoring. */
  private static LstmPredictor.ScoringProgress scoringBar(PrintWriter err) {
    ProgressLine[] bar = new ProgressLine[1];
    return (scored, total) -> {
      if (bar[0] == null) {
        bar[0] = new ProgressLine(err, ProgressLine.isTerminal(2));
      }
      bar[0].update(scored, total, String.format(Locale.ROOT, "evaluate: scoring %,d of %,d users",
          scored, total));
      if (scored == total) {
        bar[0].clear();
        bar[0] = null;
      }
    };
  }

  private LtvTrainer.Settings networkSettings(Cell c) {
    if (maxSteps < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-steps " + maxSteps
          + ": must be 0 (every step) or positive");
    }
    if (lstmTrainingUsers < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--lstm-training-users " + lstmTrainingUsers
          + ": at least one user must train the network");
    }
    if (lstmMaxEpochs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--lstm-max-epochs " + lstmMaxEpochs
          + ": at least one epoch must train the network");
    }
    try {
      return LtvTrainer.Settings.defaults().toBuilder().maxEpochs(lstmMaxEpochs).members(lstmMembers).cell(c)
          .maxSteps(maxSteps).maxTrainingUsers(lstmTrainingUsers).build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--lstm-members " + lstmMembers + ": "
          + e.getMessage());
    }
  }

  /**
   * Why the bundle must not score this split, or null: a bundle whose training data ran past the
   * calibration end has seen (part of) the holdout, so its figures would flatter it.
   */
  private String leakage(ModelBundle bundle) {
    Object trainedTo = bundle.metadata().training() == null ? null
        : bundle.metadata().training().get("calibration_end");
    if (trainedTo == null) {
      return "the model bundle " + model + " does not say where its training data ended"
          + " (training.calibration_end), so it may have seen the holdout after --calibration-end "
          + calibrationEnd + "; train it with ./ltv train, or leave out --model to train in the run";
    }
    LocalDate end;
    try {
      end = LocalDate.parse(trainedTo.toString());
    } catch (java.time.format.DateTimeParseException e) {
      return "the model bundle " + model + " has training.calibration_end \"" + trainedTo
          + "\", not a date";
    }
    if (end.isAfter(calibrationEnd)) {
      return "the model bundle " + model + " was trained on data up to " + end
          + ", after --calibration-end " + calibrationEnd + ": it has seen the holdout it would be"
          + " scored on. Train it with --calibration-end " + calibrationEnd
          + " or earlier, or leave out --model to train in the run";
    }
    return null;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (!holdoutEnd.isAfter(calibrationEnd)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--holdout-end " + holdoutEnd
          + " must be after --calibration-end " + calibrationEnd);
    }
    if (model != null && spec.commandLine().getParseResult().hasMatchedOption("--cell")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--cell chooses the networks trained in the"
          + " run; the --model bundle is evaluated as the cell it was trained with");
    }
    networkSettings(Cell.LSTM); // a bad --lstm-members or --max-steps fails here, before minutes of reading and fitting
    OutputPaths.requireFile(spec, "--json", json);
    OutputPaths.requireFile(spec, "--report", report);
    OutputPaths.requireFile(spec, "--predictions", predictions);
    dimensionOptions.version();
    if (model != null && dimensionOptions.shapesTraining()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--calendar, --product-field and"
          + " --feature-spec shape the networks trained in the run; the --model bundle carries its own"
          + " (--profiles still feeds its profile dimensions)");
    }
    ModelBundle bundle = null;
    if (model != null) {
      try {
        bundle = ModelBundle.load(model);
      } catch (InvalidModelBundleException e) {
        err.println("ltv evaluate: " + FileProblems.describe(e));
        return FAILED;
      }
      String leak = leakage(bundle);
      if (leak != null) {
        err.println("ltv evaluate: " + leak);
        return USAGE;
      }
    }
    DimensionSources dimensions; // read before the input, so a bad calendar or profiles file fails in seconds
    try {
      dimensions = dimensionOptions.sources();
    } catch (IOException | HistoryFormatException | IllegalArgumentException e) {
      err.println("ltv evaluate: " + FileProblems.describe(e));
      return FAILED;
    }
    Consumer<String> progress = line -> {
      err.println(line);
      err.flush();
    };
    if (dimensions != null) {
      err.println(model != null
          ? String.format(Locale.ROOT, "evaluate: the bundle scores with %,d profiles", dimensions.profiles().size())
          : String.format(Locale.ROOT, "evaluate: the networks trained in the run read feature spec 2:"
              + " %,d calendar days, %,d profiles, product field %s", dimensions.calendar().days().size(),
              dimensions.profiles().size(), dimensions.productField()));
    }
    try {
      progress.accept("evaluate: reading " + input + " (" + format + ")...");
      ProgressLine reading = new ProgressLine(err, ProgressLine.isTerminal(2));
      // CDNOW rows stay in primitive columns (a tenth of an EngineeredEvent's memory); the
      // network's sample and scoring build each user's events again when they read them
      EventColumns events;
      long records;
      long invalid;
      List<String> problems;
      switch (format) {
        case cdnow -> {
          ColumnarHistory history = CdnowReader.readColumns(input, read -> reading.update(
              String.format(Locale.ROOT, "evaluate: reading %s: %,d records", input.getFileName(), read)));
          events = history.events();
          records = history.records();
          invalid = history.invalid();
          problems = history.problems();
        }
        case events -> {
          History history = EngineeredEventFileReader.read(input);
          events = EventColumns.of(history.events());
          records = history.records();
          invalid = history.invalid();
          problems = history.problems();
        }
        default -> throw new IllegalStateException("format " + format);
      }
      reading.clear();
      progress.accept(String.format(Locale.ROOT, "evaluate: %,d records: %,d events, %,d invalid",
          records, events.size(), invalid));
      problems.forEach(problem -> progress.accept("evaluate: invalid " + problem));
      // A log that ends early and customers who did not come back look the same, so both are warnings
      LocalDate lastDay = events.size() == 0 ? null : LocalDate.ofEpochDay(events.lastEpochDay());
      if (lastDay != null && !lastDay.isAfter(calibrationEnd)) {
        err.println("ltv evaluate: warning: the holdout after --calibration-end " + calibrationEnd
            + " holds no event of " + input + ": its last event is on " + lastDay + ". If the file ends there,"
            + " every model is judged as if no one bought again; choose a --calibration-end before that day");
      } else if (lastDay != null && lastDay.isBefore(holdoutEnd)) {
        err.println("ltv evaluate: warning: the last event of " + input + " is on " + lastDay + ", before --holdout-end "
            + holdoutEnd + ": the holdout's last " + ChronoUnit.DAYS.between(lastDay, holdoutEnd)
            + " days hold no data, and every model is judged as if no one bought in them");
      }

      progress.accept("evaluate: splitting at " + calibrationEnd + "...");
      ProgressLine splitting = new ProgressLine(err, ProgressLine.isTerminal(2));
      int users = events.users();
      CohortSplit split = CohortSplit.of(events, calibrationEnd, holdoutEnd, done -> splitting.update(done, users,
          String.format(Locale.ROOT, "evaluate: splitting: %,d of %,d users", done, users)));
      splitting.clear();
      events = null; // the split keeps the cohort's calibration events in columns of its own
      if (split.calibration().size() == 0) {
        err.println("ltv evaluate: no user of " + input + " made a purchase on or before "
            + calibrationEnd + ": the cohort is empty");
        return FAILED;
      }
      progress.accept(String.format(Locale.ROOT,
          "evaluate: cohort %,d users (%,d users without a calibration purchase left out,"
              + " %,d events after the holdout ignored)",
          split.calibration().size(), split.usersWithoutCalibrationPurchase(),
          split.eventsAfterHoldout()));

      Evaluation evaluation = new EvaluationRunner(progress).run(
          input.getFileName().toString(), records, invalid, split,
          predictors(bundle, dimensions, progress));
      EvaluationJson.write(evaluation, json);
      progress.accept("evaluate: wrote " + json);
      if (report != null) {
        EvaluationReport.write(evaluation, report);
        progress.accept("evaluate: wrote " + report);
      }
      if (predictions != null) {
        EvaluationPredictionsCsv.write(evaluation, predictions);
        progress.accept("evaluate: wrote " + predictions);
      }
      out.print(EvaluationTable.render(evaluation));
      out.flush();
      if (!evaluation.failures().isEmpty()) {
        err.println("ltv evaluate: " + evaluation.failures().size() + " of "
            + (evaluation.failures().size() + evaluation.models().size())
            + " models failed (see the table); the others' figures are written");
        return SOME_MODELS_FAILED;
      }
      return 0;
    } catch (IOException | HistoryFormatException e) {
      err.println("ltv evaluate: " + FileProblems.describe(e));
      return FAILED;
    }
  }
}
