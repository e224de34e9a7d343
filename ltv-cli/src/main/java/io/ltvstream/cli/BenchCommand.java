package io.ltvstream.cli;

import io.ltvstream.cli.bench.BenchOptions;
import io.ltvstream.cli.bench.BenchReport;
import io.ltvstream.cli.bench.BenchmarkSuite;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Run the benchmark suite; print figures and write them as JSON.",
        "Parts: scorer (scorer vs pass-through topology, embedded broker, exactly_once_v2), model_step"
            + " (kernel vs DL4J rnnTimeStep vs 50-step window, JMH), baseline (worst-case Pareto/NBD"
            + " P(alive) per query over the data's range of x, t_x, T, JMH), nifi (our chain vs NiFi's"
            + " standard processors in nifi-mock), training (CDNOW master), state (bytes per user), http (the HTTP"
            + " API of one instance: requests per second and latency with 64 clients, /metrics lines)."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--json", required = true, description = "Write the figures here.")
  Path json;

  @Option(names = "--events", defaultValue = "1000000",
      description = "Events per measured scorer pass (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--warmup-events", defaultValue = "200000",
      description = "Events per warm-up pass of each topology (default: ${DEFAULT-VALUE}).")
  int warmupEvents;

  @Option(names = "--cdnow-master", defaultValue = "../shared/data/cdnow/CDNOW_master.txt",
      description = "CDNOW master file for the training figure (default: ${DEFAULT-VALUE}).")
  Path cdnowMaster;

  @Option(names = "--only", split = ",",
      description = "Run only these parts (comma separated): scorer, model_step, baseline, nifi, training, state, http.")
  Set<String> only;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic input (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    BenchmarkSuite suite = ServiceLoader.load(BenchmarkSuite.class).findFirst().orElse(null);
    if (suite == null) {
      System.err.println("ltv bench: the benchmark suite (module benchmarks) is not on the class path;"
          + " run it through ./ltv bench, which builds and adds it.");
      return NotAvailableYet.EXIT_CODE;
    }
    BenchReport report = suite.run(new BenchOptions(events, warmupEvents, cdnowMaster, only, seed), System.out);
    report.write(json);
    System.out.println(report.toJson());
    System.out.println("ltv bench: figures written to " + json);
    return 0;
  }
}
