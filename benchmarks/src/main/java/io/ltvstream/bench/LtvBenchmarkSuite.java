package io.ltvstream.bench;

import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.bench.BenchOptions;
import io.ltvstream.cli.bench.BenchReport;
import io.ltvstream.cli.bench.BenchmarkSuite;
import io.ltvstream.model.Cell;
import io.ltvstream.model.ModelBundle;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs each part of the suite in turn, the cheap ones first; a part that fails or cannot run here
 * leaves its figures null and says why.
 */
public final class LtvBenchmarkSuite implements BenchmarkSuite {
  @Override
  public BenchReport run(BenchOptions options, PrintStream out) throws Exception {
    BenchReport report = new BenchReport();
    Path bundleFile = Files.createTempFile("ltv-bench-model-", ".zip");
    Path gruBundleFile = Files.createTempFile("ltv-bench-gru-model-", ".zip");
    try {
      ModelBundle[] bundle = new ModelBundle[1];
      if (options.runs("model_step") || options.runs("scorer") || options.runs("state") || options.runs("http")) {
        part(out, "bench model", () -> {
          bundle[0] = BenchModel.train(options.seed(), Cell.LSTM);
          bundle[0].save(bundleFile);
          out.printf("model %s: %d units, trained briefly on a synthetic shop%n", bundle[0].version(),
              bundle[0].metadata().units());
        });
      }
      if (options.runs("model_step") && bundle[0] != null) {
        part(out, "model_step", () -> {
          ModelBundle gru = BenchModel.train(options.seed(), Cell.GRU);
          gru.save(gruBundleFile);
          out.printf("model %s: %d units, trained briefly on the same shop%n", gru.version(), gru.metadata().units());
          new ModelStepBench(out).run(bundleFile, gruBundleFile, report.modelStep);
        });
      }
      if (options.runs("baseline")) {
        part(out, "baseline", () -> new PAliveBench(out).run(report.baseline));
      }
      if (options.runs("nifi")) {
        part(out, "nifi", () -> new NifiChainBench(out).run(options.seed(), report.nifi, new LtvNifiChain()));
      }
      if ((options.runs("scorer") || options.runs("state")) && bundle[0] != null) {
        part(out, "scorer", () -> {
          try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            new ScorerThroughputBench(kafka, out).run(options.scorerEvents(), options.warmupEvents(),
                options.seed(), ScorerCandidate.of(bundle[0]),
                ScorerCandidate.withProfiles(bundle[0], ScorerThroughputBench.PROFILES_TOPIC), report.scorer, report.state);
          }
        });
      }
      if (options.runs("http") && bundle[0] != null) {
        part(out, "http", () -> {
          try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            new HttpApiBench(out).run(kafka, bundleFile, options.seed(), report.http);
          }
        });
      }
      if (options.runs("training")) {
        part(out, "training", () -> new TrainingBench(out).run(options.cdnowMaster(), report.training));
      }
    } finally {
      Files.deleteIfExists(bundleFile);
      Files.deleteIfExists(gruBundleFile);
    }
    summarize(report, out);
    return report;
  }

  private interface Part {
    void run() throws Exception;
  }

  private static void part(PrintStream out, String name, Part part) {
    out.printf("%n== %s%n", name);
    long start = System.nanoTime();
    try {
      part.run();
    } catch (Exception | LinkageError e) {
      out.printf("%s: could not run: %s%n", name, e);
      e.printStackTrace(out);
    }
    out.printf("(%s took %.0f s)%n", name, (System.nanoTime() - start) / 1e9);
  }

  /** The goals of the suite, each beside what this run reached. */
  private static void summarize(BenchReport r, PrintStream out) {
    out.printf("%n== goals (this run)%n");
    goal(out, "scorer / pass-through >= 0.5", r.scorer.ratio, 0.5, true);
    goal(out, "scorer / stateful reference >= 0.8", r.scorer.ratioVsStateful, 0.8, true);
    goal(out, "p99 latency, default commit <= 150 ms", r.scorer.latencyMsP99, 150, false);
    figure(out, "pass-through p99 latency, the same (ms)", r.scorer.passthroughLatencyMsP99);
    figure(out, "scorer with profiles / without", r.scorer.ratioProfileJoin);
    goal(out, "kernel vs DL4J rnnTimeStep >= 30x", r.modelStep.speedupVsDl4j, 30, true);
    goal(out, "kernel vs 50-step window >= 20x", r.modelStep.speedupVsFullWindow, 20, true);
    goal(out, "ltv NiFi chain / standard chain >= 2", r.nifi.ratio, 2, true);
    goal(out, "bytes per user, all stores <= 1,024", r.state.bytesPerUser, 1_024, false);
    out.printf("  %-40s %12s  %s%n", "P(alive) per query, worst case (us)",
        r.baseline.worstUs == null ? "-" : String.format("%.2f", r.baseline.worstUs),
        r.baseline.worstPoint == null ? "not measured" : "at " + r.baseline.worstPoint);
    goal(out, "HTTP requests/s at p99 < 50 ms, " + HttpApiBench.CLIENTS + " clients", r.http.pacedRequestsPerS, 0, true);
  }

  private static void figure(PrintStream out, String what, Double value) {
    out.printf("  %-40s %12s%n", what, value == null ? "-" : String.format("%.2f", value));
  }

  private static void goal(PrintStream out, String what, Double value, double bound, boolean atLeast) {
    String verdict = value == null ? "not measured" : (atLeast ? value >= bound : value <= bound) ? "met" : "MISSED";
    out.printf("  %-40s %12s  %s%n", what, value == null ? "-" : String.format("%.2f", value), verdict);
  }
}
