package io.ltvstream.cli;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.evaluate.LiveMonitoring;
import io.ltvstream.evaluate.MonitoringReport;
import io.ltvstream.schemas.AvroMessageCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./ltv monitor}: reads the scores and events topics as they are now and reports whether
 * the scores came true ({@link LiveMonitoring}), outside the service.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "Compare the scores in ltv-scores whose horizon has closed with what the users then did in"
        + " ltv-events: per snapshot and model version, predicted vs realised value and transactions, aggregate"
        + " error, value MAE, Brier score of p_active, spend Gini; an HTML report with charts, and a summary.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the report was written (it says so when no window has closed yet)",
        "1:a topic could not be read or the report not written",
        "2:wrong command line"})
final class MonitorCommand implements Callable<Integer> {
  static final int FAILED = 1;

  @Spec CommandSpec spec;

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(names = "--report", required = true, description = "Write the HTML report here.")
  Path report;

  @Option(names = "--json", description = "Also write the windows as JSON (the fields of GET /v1/monitoring).")
  Path json;

  @Option(names = "--scores-topic", defaultValue = StreamTopics.SCORES, description = "Scores topic (default ${DEFAULT-VALUE}).")
  String scoresTopic;

  @Option(names = "--events-topic", defaultValue = StreamTopics.EVENTS, description = "Events topic (default ${DEFAULT-VALUE}).")
  String eventsTopic;

  @Option(names = "--step-days", defaultValue = "30",
      description = "Days between snapshots, in event time (default ${DEFAULT-VALUE}).")
  int stepDays;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (stepDays < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--step-days must be at least 1");
    }
    try {
      long[] undecodable = new long[1];
      List<LtvScore> scores = read(scoresTopic, AvroMessageCodec.of(LtvScore.class)::decode, undecodable);
      List<EngineeredEvent> events = read(eventsTopic, AvroMessageCodec.of(EngineeredEvent.class)::decode, undecodable);
      err.printf(Locale.ROOT, "ltv monitor: %,d scores, %,d events, %,d undecodable records skipped%n",
          scores.size(), events.size(), undecodable[0]);
      Duration step = Duration.ofDays(stepDays);
      LiveMonitoring.Result result = LiveMonitoring.compute(scores, events, step);
      MonitoringReport.write(result, step, report);
      if (json != null) {
        MonitoringReport.writeJson(result, json);
      }
      if (result.windows().isEmpty()) {
        out.println("monitor: no closed window yet (no score's horizon has elapsed by " + result.asOf() + ")");
      }
      for (LiveMonitoring.Window w : result.windows()) {
        out.printf(Locale.ROOT, "monitor: %s %s: %,d users, predicted %,.2f, realised %,.2f, aggregate error %s,"
            + " value MAE %.3f, Brier %.4f, spend Gini %s%n", w.windowStart(), w.modelVersion(), w.users(),
            w.predictedValue(), w.realisedValue(), finite(w.aggregateError()), w.valueMae(), w.brier(),
            finite(w.spendGini()));
      }
      out.println("monitor: wrote " + report + (json == null ? "" : " and " + json));
      out.flush();
      return 0;
    } catch (IllegalStateException | IOException e) {
      err.println("ltv monitor: " + FileProblems.describe(e));
      return FAILED;
    }
  }

  private <T> List<T> read(String topic, Function<byte[], T> decode, long[] undecodable) {
    List<T> values = new ArrayList<>();
    TopicSnapshot.read(bootstrapServers, topic, record -> {
      try {
        values.add(decode.apply(record.value()));
      } catch (RuntimeException e) {
        undecodable[0]++; // what the scorer dead-letters; not a score or an event
      }
    });
    return values;
  }

  private static String finite(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "n/a";
  }
}
