package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.cli.testdata.CliRun;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.prepare.PreparePipeline;
import io.ltvstream.core.prepare.ProgressListener;
import io.ltvstream.testkit.TinyModel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import picocli.CommandLine;

class EvaluateCommandTest {
  @TempDir Path dir;
  @Test
  void cdnowSampleGivesTheReferenceFiguresInJsonTableAndReport() throws Exception {
    Path sample = Path.of(System.getProperty("ltv.shared.dir", "../../shared"), "data", "cdnow",
        "CDNOW_sample.txt");
    assumeTrue(Files.isReadable(sample), "CDNOW sample not found at " + sample.toAbsolutePath()
        + ": skipped");
    Path json = dir.resolve("sample.json");
    Path report = dir.resolve("sample.html");

    CliRun run = CliRun.of("evaluate", "--input", sample.toString(), "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
        "--json", json.toString(), "--report", report.toString(), "--lstm-max-epochs", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode models = new ObjectMapper().readTree(json.toFile()).get("models");
    assertThat(models.get("paretonbd").get("spend").get("mae").asDouble())
        .isBetween(29.445, 29.455);
    assertThat(models.get("zero").get("spend").get("mae").asDouble()).isBetween(30.105, 30.115);
    assertThat(models.get("bgnbd").get("params").get("r").asDouble()).isBetween(0.2418, 0.2442);
    assertThat(models.get("gammagamma").get("params").get("p").asDouble()).isBetween(6.22, 6.28);
    assertThat(run.out()).contains("cohort 2,357 users", "1,882 repeat transactions",
        "$70,976.39 spend", "paretonbd", "zero");
    assertThat(run.err()).contains("evaluate [2/8] paretonbd: predicting 2,357 users",
        "BG/NBD: LL -9582.43");
    assertThat(Files.readString(report)).contains("<svg");
  }

  @Test
  void eventsFormatReadsWhatPrepareWritesAndScoresTheSame() throws Exception {
    Path sample = Path.of(System.getProperty("ltv.shared.dir", "../../shared"), "data", "cdnow",
        "CDNOW_sample.txt");
    assumeTrue(Files.isReadable(sample), "CDNOW sample not found at " + sample.toAbsolutePath()
        + ": skipped");
    Path avro = dir.resolve("sample.avro");
    try (DataFileWriter<EngineeredEvent> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(EngineeredEvent.class))) {
      writer.create(EngineeredEvent.getClassSchema(), avro.toFile());
      for (EngineeredEvent event : CdnowReader.read(sample).events()) {
        writer.append(event);
      }
    }
    Path json = dir.resolve("events.json");

    CliRun run = CliRun.of("evaluate", "--input", avro.toString(), "--format", "events",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
        "--json", json.toString(), "--lstm-max-epochs", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.get("dataset").get("users").asInt()).isEqualTo(2357);
    assertThat(root.get("models").get("paretonbd").get("spend").get("rmse").asDouble())
        .isBetween(72.175, 72.185);
    assertThat(run.out()).contains("sample.avro: 6,919 records (0 invalid)");
  }

  @Test
  void missingInputIsAClearFailure() {
    CliRun run = CliRun.of("evaluate", "--input", dir.resolve("nope.txt").toString(), "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
        "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(EvaluateCommand.FAILED);
    assertThat(run.err()).contains("ltv evaluate: no such file:", "nope.txt");
  }

  @Test
  void aTextFileReadAsEventsSaysWhatEventsMeans() throws Exception {
    Path text = Files.writeString(dir.resolve("cdnow.txt"), " 00001 19970101  1   11.77\n");

    CliRun run = CliRun.of("evaluate", "--input", text.toString(), "--format", "events",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
        "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(EvaluateCommand.FAILED);
    assertThat(run.err()).contains("cdnow.txt is not an Avro container file");
  }

  @Test
  void aTruncatedEventsFileFailsInsteadOfEvaluatingTheRecordsBeforeTheCut() throws Exception {
    Path avro = dir.resolve("shop.avro");
    CliRun shop = CliRun.of("shop", "--users", "300", "--days", "120", "--format", "events", "--out",
        avro.toString());
    assertThat(shop.exit()).as(shop.err()).isZero();
    try (FileChannel channel = FileChannel.open(avro, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() / 2);
    }

    CliRun run = CliRun.of("evaluate", "--input", avro.toString(), "--format", "events",
        "--calibration-end", "1997-03-01", "--holdout-end", "1997-04-30", "--lstm-max-epochs", "1",
        "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(EvaluateCommand.FAILED);
    assertThat(run.err()).contains("shop.avro is truncated", "the file is incomplete");
  }

  @Test
  void cellBothComparesAnLstmAndAGruEntry() throws Exception {
    CommandLine cli = Ltv.commandLine();
    cli.parseArgs("evaluate", "--input", "x", "--format", "cdnow", "--calibration-end", "1997-09-30",
        "--holdout-end", "1998-06-30", "--json", dir.resolve("x.json").toString(), "--cell", "both");
    EvaluateCommand command = cli.getSubcommands().get("evaluate").getCommand();

    assertThat(command.predictors(null, null, line -> { }).stream().map(LtvPredictor::name))
        .containsExactly("lstm", "gru", "network", "bgnbd", "paretonbd", "mbgnbd", "bgbb",
            "naive", "zero");
  }

  @Test
  void aCellBesideABundleIsAUsageError() {
    CliRun run = CliRun.of("evaluate", "--input", "x", "--format", "cdnow", "--calibration-end", "1997-09-30",
        "--holdout-end", "1998-06-30", "--json", dir.resolve("x.json").toString(),
        "--model", dir.resolve("model.ltv").toString(), "--cell", "gru");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--cell chooses the networks trained in the run");
  }

  @Test
  void holdoutBeforeCalibrationIsAUsageError() {
    CliRun run = CliRun.of("evaluate", "--input", "x", "--format", "cdnow",
        "--calibration-end", "1998-06-30", "--holdout-end", "1997-09-30",
        "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("must be after --calibration-end");
  }

  @Test
  void membersThatDoNotSplitTheUnitsAreAUsageErrorBeforeReading() {
    CliRun run = CliRun.of("evaluate", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--lstm-members", "3",
        "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--lstm-members 3: the 32 recurrent units must split evenly among 3 members")
        .doesNotContain("no such file");
  }

  @Test
  void noTrainingUsersIsAUsageErrorBeforeReading() {
    CliRun run = CliRun.of("evaluate", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--lstm-training-users", "0",
        "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--lstm-training-users 0: at least one user must train the network")
        .doesNotContain("no such file");
  }

  @Test
  void aModelThatCannotBeFittedIsMarkedFailedAndEveryOtherModelIsStillWritten() throws Exception {
    StringBuilder rows = new StringBuilder();
    for (int u = 1; u <= 30; u++) {
      rows.append(String.format(" %05d 199701%02d  1   10.00%n", u, 1 + u % 28));
    }
    Path noRepeats = Files.writeString(dir.resolve("once.txt"), rows.toString());
    Path json = dir.resolve("x.json");
    Path report = dir.resolve("x.html");

    CliRun run = CliRun.of("evaluate", "--input", noRepeats.toString(), "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
        "--json", json.toString(), "--report", report.toString(), "--lstm-max-epochs", "1");

    assertThat(run.exit()).as(run.err()).isEqualTo(EvaluateCommand.SOME_MODELS_FAILED);
    JsonNode models = new ObjectMapper().readTree(json.toFile()).get("models");
    assertThat(models.get("bgnbd").get("status").asText()).isEqualTo("failed");
    assertThat(models.get("bgnbd").get("reason").asText())
        .contains("BG/NBD fit did not converge", "Tried");
    assertEveryModelReported(models);
    assertThat(models.get("zero").get("spend").get("mae").asDouble()).isZero();
    assertThat(run.out()).contains("bgnbd: FAILED, no figures: BG/NBD fit did not converge");
    assertThat(Files.readString(report)).contains("bgnbd: FAILED, no figures");
    assertThat(run.err()).contains("models failed (see the table); the others' figures are"
        + " written");
  }

  @Test
  void heavyBuyersWithoutDropoutEndInFiguresForEveryModel() throws Exception {
    Path input = Files.writeString(dir.resolve("wholesale.txt"), NoDropoutShop.cdnowText(120, 20));
    Path json = dir.resolve("wholesale.json");

    CliRun run = CliRun.of("evaluate", "--input", input.toString(), "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
        "--json", json.toString(), "--lstm-max-epochs", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode models = new ObjectMapper().readTree(json.toFile()).get("models");
    assertEveryModelHasFigures(models);
    // the classic models come first, so their trouble would show before the training
    assertThat(run.err().indexOf("paretonbd: done in"))
        .isLessThan(run.err().indexOf("lstm: predicting"));
  }

  @Test
  void maxStepsBoundsTheTrainingExamplesOfLongHistories() throws Exception {
    Path input = Files.writeString(dir.resolve("wholesale.txt"), NoDropoutShop.cdnowText(60, 22));
    Path json = dir.resolve("wholesale.json");

    // the trainer in the run reports on the process's stderr
    java.io.ByteArrayOutputStream trainer = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stderr = System.err;
    System.setErr(new java.io.PrintStream(trainer, true, java.nio.charset.StandardCharsets.UTF_8));
    CliRun run;
    try {
      run = CliRun.of("evaluate", "--input", input.toString(), "--format", "cdnow",
          "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
          "--json", json.toString(), "--lstm-max-epochs", "1", "--max-steps", "16");
    } finally {
      System.setErr(stderr);
    }

    assertThat(run.exit()).as(run.err()).isZero();
    String training = trainer.toString(java.nio.charset.StandardCharsets.UTF_8);
    java.util.regex.Matcher cap = java.util.regex.Pattern.compile(
        "examples keep their most recent 16 event steps \\(the longest has (\\d+)\\)")
        .matcher(training);
    assertThat(cap.find()).as(training).isTrue();
    assertThat(Integer.parseInt(cap.group(1))).isGreaterThan(16);
    assertEveryModelHasFigures(new ObjectMapper().readTree(json.toFile()).get("models"));
  }

  @Test
  void aNegativeStepCapIsAUsageErrorBeforeReading() {
    CliRun run = CliRun.of("evaluate", "--input", "does-not-exist.txt", "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--max-steps", "-1",
        "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--max-steps -1: must be 0 (every step) or positive")
        .doesNotContain("no such file");
  }

  @Test
  void theRetailExampleThroughPrepareReportsEveryModel() throws Exception {
    Path events = prepared(Path.of("../examples/retail-dirty.csv"), "retail.avro");
    Path json = dir.resolve("retail.json");

    CliRun run = CliRun.of("evaluate", "--input", events.toString(), "--format", "events",
        "--calibration-end", "2010-12-01", "--holdout-end", "2011-03-01",
        "--json", json.toString(), "--lstm-max-epochs", "1");

    // four customers buying on one day identify no customer-base model: those fail, saying why
    assertThat(run.exit()).as(run.err()).isIn(0, EvaluateCommand.SOME_MODELS_FAILED);
    assertEveryModelReported(new ObjectMapper().readTree(json.toFile()).get("models"));
  }

  @Test
  void aRetailLogOfWholesaleBuyersThroughPrepareEndsInFiguresForEveryModel() throws Exception {
    // the example's dirty rows, then a year of wholesale buyers who never drop out
    List<String> rows = new ArrayList<>(Files.readAllLines(Path.of("../examples/retail-dirty.csv")));
    rows.addAll(NoDropoutShop.retailRows(120, 21));
    Path csv = Files.write(dir.resolve("retail-wholesale.csv"), rows);
    Path events = prepared(csv, "wholesale.avro");
    Path json = dir.resolve("wholesale.json");

    CliRun run = CliRun.of("evaluate", "--input", events.toString(), "--format", "events",
        "--calibration-end", "2011-06-30", "--holdout-end", "2011-12-09",
        "--json", json.toString(), "--lstm-max-epochs", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertEveryModelHasFigures(new ObjectMapper().readTree(json.toFile()).get("models"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // the data end on 2025-05-31, inside the holdout
      "2025-06-30|the last event of|short.txt is on 2025-05-31, before --holdout-end 2025-06-30: the holdout's last 30 days hold no data",
      // the data end before the calibration end: the holdout holds no event at all
      "2025-09-30|the holdout after --calibration-end 2025-06-30 holds no event of|short.txt: its last event is on 2025-05-31"})
  void aHoldoutThatRunsPastTheDataIsWarnedOf(String holdoutEnd, String warning, String detail) throws Exception {
    // 30 users buying from 2025-01-02 to 2025-05-31; the tiny bundle was trained up to 2025-04-30
    StringBuilder text = new StringBuilder();
    for (int user = 1; user <= 30; user++) {
      for (LocalDate day = LocalDate.of(2025, 1, 1).plusDays(user); day.isBefore(LocalDate.of(2025, 6, 1));
          day = day.plusDays(10 + user % 7)) {
        text.append(String.format(java.util.Locale.ROOT, " %05d %s  1 %7.2f%n", user,
            day.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE), 10.0 + user));
      }
    }
    Files.writeString(dir.resolve("short.txt"), text.append(" 00001 20250531  1   11.00\n"));
    String calibrationEnd = holdoutEnd.equals("2025-06-30") ? "2025-04-30" : "2025-06-30";

    CliRun run = CliRun.of("evaluate", "--input", dir.resolve("short.txt").toString(), "--format", "cdnow",
        "--calibration-end", calibrationEnd, "--holdout-end", holdoutEnd,
        "--model", TinyModel.file().toString(), "--json", dir.resolve("x.json").toString());

    assertThat(run.err()).contains("ltv evaluate: warning: " + warning, detail);
    assertThat(dir.resolve("x.json")).as("the evaluation goes on").exists();
  }

  @Test
  void aMissingBundleSaysThereIsNoSuchFile() {
    Path model = dir.resolve("nope.ltvmodel");

    CliRun run = CliRun.of("evaluate", "--input", dir.resolve("never-read.txt").toString(), "--format", "cdnow",
        "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--model", model.toString(),
        "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(EvaluateCommand.FAILED);
    assertThat(run.err()).contains("Cannot read model bundle " + model + ": no such file");
  }

  @Test
  void aBundleTrainedPastTheCalibrationEndIsRefused() {
    // the tiny bundle's training data end on 2025-04-30
    CliRun run = CliRun.of("evaluate", "--input", dir.resolve("never-read.txt").toString(), "--format",
        "cdnow", "--calibration-end", "2025-03-31", "--holdout-end", "2025-06-30",
        "--model", TinyModel.file().toString(), "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(EvaluateCommand.USAGE);
    assertThat(run.err()).contains("was trained on data up to 2025-04-30, after"
        + " --calibration-end 2025-03-31: it has seen the holdout").doesNotContain("no such file");
    assertThat(dir.resolve("x.json")).doesNotExist();
  }

  @Test
  void aBundleTrainedUpToTheCalibrationEndIsAccepted() {
    CliRun run = CliRun.of("evaluate", "--input", dir.resolve("never-read.txt").toString(), "--format",
        "cdnow", "--calibration-end", "2025-04-30", "--holdout-end", "2025-06-30",
        "--model", TinyModel.file().toString(), "--json", dir.resolve("x.json").toString());

    // past the check, the run goes on to read the input
    assertThat(run.exit()).isEqualTo(EvaluateCommand.FAILED);
    assertThat(run.err()).contains("no such file").doesNotContain("trained on data up to");
  }

  @Test
  void theNetworkTrainedInTheRunReadsTheDimensionOptionsAndEveryModelHasFigures() throws Exception {
    Path events = dir.resolve("shop.avro");
    Path profiles = dir.resolve("profiles.avro");
    Path calendar = dir.resolve("calendar.csv");
    CliRun shop = CliRun.of("shop", "--users", "150", "--start", "2024-01-01", "--days", "240", "--format",
        "events", "--dimensions", "--out", events.toString(), "--profiles", profiles.toString(), "--calendar",
        calendar.toString());
    assertThat(shop.exit()).as(shop.err()).isZero();
    Path json = dir.resolve("dims.json");

    CliRun run = CliRun.of("evaluate", "--input", events.toString(), "--format", "events",
        "--calibration-end", "2024-06-30", "--holdout-end", "2024-08-27", "--json", json.toString(),
        "--lstm-max-epochs", "1", "--profiles", profiles.toString(), "--calendar", calendar.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("the networks trained in the run read feature spec 2:",
        "150 profiles, product field brand");
    assertEveryModelHasFigures(new ObjectMapper().readTree(json.toFile()).get("models"));
  }

  @Test
  void aCalendarBesideABundleIsAUsageErrorBeforeReading() {
    CliRun run = CliRun.of("evaluate", "--input", "never-read.txt", "--format", "cdnow", "--calibration-end",
        "2025-04-30", "--holdout-end", "2025-06-30", "--model", TinyModel.file().toString(),
        "--calendar", "../examples/uk-bank-holidays.csv", "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(EvaluateCommand.USAGE);
    assertThat(run.err()).contains("the --model bundle carries its own").doesNotContain("no such file");
  }

  @Test
  void aMalformedCalendarFailsNamingTheLineBeforeReadingTheInput() throws Exception {
    Path calendar = Files.writeString(dir.resolve("calendar.csv"), "date,holiday,promotion\n2024-13-01,x,false\n");

    CliRun run = CliRun.of("evaluate", "--input", "never-read.txt", "--format", "cdnow", "--calibration-end",
        "2025-04-30", "--holdout-end", "2025-06-30", "--calendar", calendar.toString(),
        "--json", dir.resolve("x.json").toString());

    assertThat(run.exit()).isEqualTo(EvaluateCommand.FAILED);
    assertThat(run.err()).contains("line 2", "not yyyy-MM-dd").doesNotContain("no such file");
  }

  private Path prepared(Path csv, String name) throws Exception {
    Path events = dir.resolve(name);
    PreparePipeline.of(PrepareCommand.readMapping(Path.of("../examples/retail-mapping.properties")))
        .run(csv, events, dir.resolve(name + ".rejects"), ProgressListener.NONE);
    return events;
  }

  private static final List<String> EVERY_MODEL =
      List.of("lstm", "network", "bgnbd", "paretonbd", "mbgnbd", "bgbb", "naive", "zero");

  /** Every model is in the JSON: with its figures, or failed with a reason. */
  private static void assertEveryModelReported(JsonNode models) {
    for (String model : EVERY_MODEL) {
      JsonNode entry = models.get(model);
      assertThat(entry).as(model).isNotNull();
      if (entry.has("status")) {
        assertThat(entry.get("status").asText()).as(model).isEqualTo("failed");
        assertThat(entry.get("reason").asText()).as(model).isNotBlank();
      } else {
        assertThat(entry.get("spend").get("mae").isNumber()).as(model).isTrue();
      }
    }
  }

  private static void assertEveryModelHasFigures(JsonNode models) {
    for (String model : EVERY_MODEL) {
      assertThat(models.get(model).has("status")).as(model + ": " + models.get(model)).isFalse();
      assertThat(models.get(model).get("spend").get("mae").isNumber()).as(model).isTrue();
    }
  }
}
