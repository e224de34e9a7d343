package io.ltvstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.history.History;
import io.ltvstream.core.history.HistoryFormatException;
import io.ltvstream.evaluate.ChampionChallenger;
import io.ltvstream.evaluate.Evaluation;
import io.ltvstream.evaluate.EvaluationReport;
import io.ltvstream.evaluate.EvaluationTable;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.scorer.service.BundleSignature;
import io.ltvstream.scorer.service.ModelTopicWatcher;
import io.ltvstream.train.LtvTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./ltv retrain}: champion against challenger on the latest window. The window is the last
 * {@code --window-days} of the history, ending on the day of its latest event; the challenger is
 * trained on everything before the window (with the champion's horizon, and validated and
 * calibrated on the {@code --window-days} before the window), and both are scored on
 * the window with the evaluate protocol and metrics ({@link ChampionChallenger}). The challenger
 * that wins is the bundle that was evaluated: it is not refit on the window afterwards, so what
 * goes into service is exactly what was measured.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = "Train a challenger on the history before the latest window, score it and the champion on"
        + " that window (which neither trained on), and write or publish the challenger only if it wins: spend"
        + " Gini higher, |aggregate spend error| at most the champion's + the tolerance. --force promotes it anyway.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the challenger won (or --force) and was written or published",
        "1:the history, the champion or a Kafka topic could not be read, or the output not written",
        "2:wrong command line",
        "4:the champion stays: the challenger did not win (nothing written or published)"})
final class RetrainCommand implements Callable<Integer> {
  static final int FAILED = 1;
  static final int CHAMPION_STAYS = 4;
  /** The models topic key: one bundle in service, so compaction keeps the latest only. */
  static final String MODEL_KEY = "current";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(names = "--input", description = "History file; without it the history is read from --events-topic.")
  Path input;

  @Option(names = "--format", description = "Format of --input: ${COMPLETION-CANDIDATES}.")
  InputFormat format;

  @Option(names = "--bootstrap-servers",
      description = "Kafka, for the history (without --input), the champion (without --champion) and --publish.")
  String bootstrapServers;

  @Option(names = "--events-topic", defaultValue = StreamTopics.EVENTS, description = "Events topic (default ${DEFAULT-VALUE}).")
  String eventsTopic;

  @Option(names = "--champion", description = "The bundle in service; without it, the latest bundle of --models-topic.")
  Path champion;

  @Option(names = "--models-topic", defaultValue = StreamTopics.MODELS,
      description = "Compacted topic of bundles the scorer reads (scorer.topic.models; default ${DEFAULT-VALUE}).")
  String modelsTopic;

  @Option(names = "--out", description = "Write the winning challenger to this bundle file (atomic rename; the scorer's watch dir picks it up).")
  Path out;

  @Option(names = "--publish", description = "Publish the winning challenger to --models-topic (key " + MODEL_KEY + ").")
  boolean publish;

  @Option(names = "--json", required = true, description = "The comparison as JSON: dataset (the window), models, rule, decision.")
  Path json;

  @Option(names = "--report", description = "The comparison as an HTML report (the evaluate report's charts).")
  Path report;

  @Option(names = "--window-days", defaultValue = "90",
      description = "Length of the scoring window at the end of the history; the challenger is validated and"
          + " calibrated on as many days before it (default ${DEFAULT-VALUE}).")
  int windowDays;

  @Option(names = "--aggregate-error-tolerance", defaultValue = "" + ChampionChallenger.DEFAULT_AGGREGATE_ERROR_TOLERANCE,
      description = "How much worse the challenger's |aggregate spend error| may be (default ${DEFAULT-VALUE}).")
  double aggregateErrorTolerance;

  @Option(names = "--force", description = "Promote the challenger even if it does not win (the report still says which did).")
  boolean force;

  @Option(names = "--signing-key-file",
      description = "HMAC key (as scorer.model.signing.key.file): the champion from the topic must be signed with it, and the challenger is signed (<out>.sig, or the record header).")
  Path signingKeyFile;

  @Option(names = "--seed", defaultValue = "42", description = "Challenger training seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-epochs", defaultValue = "16", description = "Challenger epoch limit (default ${DEFAULT-VALUE}).")
  int maxEpochs;

  @Option(names = "--units", defaultValue = "32", description = "Challenger LSTM units (default ${DEFAULT-VALUE}).")
  int units;

  @Option(names = "--every", description = "Run again this long after each run started (ISO-8601, e.g. PT24H), until"
      + " stopped; a failed run is reported and the next one still runs. Without it, one run (for cron).")
  Duration every;

  @Option(names = "--runs", description = "With --every: stop after this many runs (default: until stopped).")
  Integer runs;

  /** With --every, a challenger promoted to --out is the next runs' champion. */
  private Path promotedChampion;

  @Override
  public Integer call() {
    checkCommandLine();
    if (every == null) {
      return retrainOnce();
    }
    PrintWriter err = spec.commandLine().getErr();
    int exit = 0;
    for (int run = 1; runs == null || run <= runs; run++) {
      long started = System.nanoTime();
      err.printf(Locale.ROOT, "retrain: run %d%s, every %s%n", run, runs == null ? "" : " of " + runs, every);
      err.flush();
      exit = retrainOnce();
      if (runs != null && run == runs) {
        break;
      }
      long waitMillis = every.toMillis() - (System.nanoTime() - started) / 1_000_000;
      try {
        Thread.sleep(Math.max(0, waitMillis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0; // stopped between runs
      }
    }
    return exit;
  }

  private int retrainOnce() {
    PrintWriter err = spec.commandLine().getErr();
    Consumer<String> progress = line -> {
      err.println(line);
      err.flush();
    };
    ChampionChallenger.Rule rule = new ChampionChallenger.Rule(aggregateErrorTolerance);
    // validated and calibrated on the latest days as long as the window: after a shift, days from
    // before it would set the challenger's level
    LtvTrainer.Settings settings = LtvTrainer.Settings.defaults().toBuilder().seed(seed).maxEpochs(maxEpochs)
        .units(units).denseUnits(Math.max(1, units / 2)).validationDays(windowDays).build();
    try {
      BundleSignature signature = signingKeyFile == null ? null : new BundleSignature(
          Files.readString(signingKeyFile, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8));
      History history = readHistory(progress);
      if (history.events().isEmpty()) {
        err.println("ltv retrain: the history holds no event");
        return FAILED;
      }
      LocalDate windowEnd = history.events().stream().map(EngineeredEvent::getEventTime).max(java.time.Instant::compareTo)
          .orElseThrow().atZone(ZoneOffset.UTC).toLocalDate();
      LocalDate windowStart = windowEnd.minusDays(windowDays); // the window is (windowStart, windowEnd]
      ModelBundle championBundle = readChampion(signature);
      Object championEnd = championBundle.metadata().training().get("calibration_end");
      if (championEnd != null && LocalDate.parse(championEnd.toString()).isAfter(windowStart)) {
        err.printf(Locale.ROOT, "ltv retrain: the champion %s trained on data up to %s, inside the window %s .. %s;"
            + " a fair comparison needs a window it has not seen (a shorter --window-days, or wait for newer"
            + " history)%n", championBundle.version(), championEnd, windowStart.plusDays(1), windowEnd);
        return FAILED;
      }
      CohortSplit split = CohortSplit.of(history.events(), windowStart, windowEnd);
      if (split.calibration().size() == 0) {
        err.println("ltv retrain: no user purchased before the window " + windowStart.plusDays(1) + " .. " + windowEnd);
        return FAILED;
      }
      progress.accept(String.format(Locale.ROOT, "retrain: window %s .. %s (%d days), %,d users; training the"
          + " challenger on the history up to %s...", windowStart.plusDays(1), windowEnd, windowDays,
          split.calibration().size(), windowStart));
      List<List<EngineeredEvent>> histories = new ArrayList<>();
      for (UserHistory user : split.calibration().users()) {
        histories.add(user.events());
      }
      long started = System.nanoTime();
      ModelBundle challenger = new LtvTrainer(settings.withHorizonDays(championBundle.metadata().horizonDays()),
          new PrintStream(System.err, true, StandardCharsets.UTF_8)).train(histories, windowStart);
      double trainSeconds = (System.nanoTime() - started) / 1e9;

      Evaluation evaluation = ChampionChallenger.compare(sourceName(), history.records(), history.invalid(), split,
          championBundle, challenger, progress);
      ChampionChallenger.Decision decision = ChampionChallenger.decide(
          ChampionChallenger.model(evaluation, ChampionChallenger.CHAMPION),
          ChampionChallenger.model(evaluation, ChampionChallenger.CHALLENGER), rule);
      boolean promote = decision.challengerWins() || force;
      String destination = promote ? promote(challenger, signature) : null;
      if (promote && out != null) {
        promotedChampion = out;
      }

      ObjectNode root = ChampionChallenger.toJson(evaluation, rule, decision);
      ObjectNode outcome = (ObjectNode) root.get("decision");
      outcome.put("champion_version", championBundle.version());
      outcome.put("challenger_version", challenger.version());
      outcome.put("challenger_train_seconds", Math.round(trainSeconds * 100) / 100.0);
      outcome.put("forced", force && !decision.challengerWins());
      outcome.put("promoted", promote);
      if (destination != null) {
        outcome.put("promoted_to", destination);
      }
      writeJson(root);
      if (report != null) {
        EvaluationReport.write(evaluation, report);
      }
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.print(EvaluationTable.render(evaluation));
      stdout.printf(Locale.ROOT, "retrain: %s; %s%n", decision.reason(), promote
          ? "challenger " + challenger.version() + (force && !decision.challengerWins() ? " forced" : "")
              + " promoted to " + destination
          : "champion " + championBundle.version() + " stays");
      stdout.flush();
      return promote ? 0 : CHAMPION_STAYS;
    } catch (IOException | HistoryFormatException | IllegalStateException
        | IllegalArgumentException e) {
      err.println("ltv retrain: " + FileProblems.describe(e));
      return FAILED;
    }
  }

  private void checkCommandLine() {
    CommandLine cli = spec.commandLine();
    if (input == null && bootstrapServers == null) {
      throw new CommandLine.ParameterException(cli, "the history comes from --input F --format X or --bootstrap-servers B");
    }
    if (input != null && format == null) {
      throw new CommandLine.ParameterException(cli, "--input needs --format (" + List.of(InputFormat.values()) + ")");
    }
    if (champion == null && bootstrapServers == null) {
      throw new CommandLine.ParameterException(cli, "the champion comes from --champion BUNDLE or, with --bootstrap-servers, --models-topic");
    }
    if ((out == null) == !publish) {
      throw new CommandLine.ParameterException(cli, "choose one of --out BUNDLE and --publish");
    }
    if (publish && bootstrapServers == null) {
      throw new CommandLine.ParameterException(cli, "--publish needs --bootstrap-servers");
    }
    if (windowDays < 1) {
      throw new CommandLine.ParameterException(cli, "--window-days must be at least 1");
    }
    if (every != null && (every.isNegative() || every.isZero())) {
      throw new CommandLine.ParameterException(cli, "--every must be a positive duration (PT24H), got " + every);
    }
    if (runs != null && (every == null || runs < 1)) {
      throw new CommandLine.ParameterException(cli, "--runs N (N >= 1) goes with --every");
    }
    if (!(aggregateErrorTolerance >= 0)) {
      throw new CommandLine.ParameterException(cli, "--aggregate-error-tolerance must be >= 0");
    }
    try {
      LtvTrainer.Settings.defaults().toBuilder().units(units).denseUnits(Math.max(1, units / 2)).build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--units " + units + ": " + e.getMessage());
    }
  }

  private String sourceName() {
    return input != null ? input.getFileName().toString() : eventsTopic + "@" + bootstrapServers;
  }

  private History readHistory(Consumer<String> progress) throws IOException, HistoryFormatException {
    if (input != null) {
      progress.accept("retrain: reading " + input + " (" + format + ")...");
      return HistoryInput.read(input, format);
    }
    progress.accept("retrain: reading " + eventsTopic + " from " + bootstrapServers + "...");
    AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
    List<EngineeredEvent> events = new ArrayList<>();
    long[] undecodable = new long[1];
    TopicSnapshot.read(bootstrapServers, eventsTopic, record -> {
      try {
        events.add(codec.decode(record.value()));
      } catch (RuntimeException e) {
        undecodable[0]++; // the scorer dead-letters these; they are no history
      }
    });
    progress.accept(String.format(Locale.ROOT, "retrain: %,d events, %,d undecodable records skipped",
        events.size(), undecodable[0]));
    return new History(events, events.size() + undecodable[0], undecodable[0], List.of());
  }

  private ModelBundle readChampion(BundleSignature signature) throws IOException {
    if (promotedChampion != null) {
      return ModelBundle.load(promotedChampion);
    }
    if (champion != null) {
      return ModelBundle.load(champion);
    }
    List<ConsumerRecord<byte[], byte[]>> latest = new ArrayList<>(1);
    TopicSnapshot.read(bootstrapServers, modelsTopic, record -> {
      if (record.value() != null && (latest.isEmpty() || record.timestamp() >= latest.getFirst().timestamp())) {
        latest.clear();
        latest.add(record);
      }
    });
    if (latest.isEmpty()) {
      throw new IllegalStateException("topic " + modelsTopic + " holds no bundle: give the champion with --champion");
    }
    ConsumerRecord<byte[], byte[]> record = latest.getFirst();
    String source = modelsTopic + "-" + record.partition() + "@" + record.offset();
    if (signature != null) {
      Header header = record.headers().lastHeader(ModelTopicWatcher.SIGNATURE_HEADER);
      String hex = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
      if (!signature.verify(record.value(), hex)) {
        throw new IllegalStateException("the champion " + source + " is " + (hex == null ? "unsigned" : "wrongly signed")
            + " for the --signing-key-file key");
      }
    }
    return ModelBundle.read(record.value(), source);
  }

  /** Writes or publishes the challenger, signed when a key is set; returns where it went. */
  private String promote(ModelBundle challenger, BundleSignature signature) throws IOException {
    byte[] bytes = challenger.toBytes();
    if (out != null) {
      // the signature first, then the bundle by atomic rename: a watching scorer never sees the bundle unsigned
      if (signature != null) {
        Files.writeString(out.resolveSibling(out.getFileName() + ".sig"), signature.sign(bytes) + System.lineSeparator(),
            StandardCharsets.UTF_8);
      }
      Path absolute = out.toAbsolutePath();
      Files.createDirectories(absolute.getParent());
      Path tmp = Files.createTempFile(absolute.getParent(), out.getFileName().toString(), ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return out.toString();
    }
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(modelsTopic, MODEL_KEY, bytes);
    if (signature != null) {
      record.headers().add(ModelTopicWatcher.SIGNATURE_HEADER, signature.sign(bytes).getBytes(StandardCharsets.UTF_8));
    }
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", bootstrapServers,
        "acks", "all",
        "enable.idempotence", true,
        "max.request.size", BrokerCommand.MODEL_MAX_BYTES,
        "key.serializer", StringSerializer.class,
        "value.serializer", ByteArraySerializer.class))) {
      var metadata = producer.send(record).get();
      return modelsTopic + "-" + metadata.partition() + "@" + metadata.offset();
    } catch (ExecutionException e) {
      throw new IOException("cannot publish the challenger to " + modelsTopic + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while publishing the challenger", e);
    }
  }

  private void writeJson(ObjectNode root) throws IOException {
    Path parent = json.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(json.toFile(), root);
  }
}
