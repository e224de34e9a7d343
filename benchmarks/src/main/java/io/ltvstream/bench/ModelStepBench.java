package io.ltvstream.bench;

import io.ltvstream.cli.bench.BenchReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link ModelStepBenchmark} with JMH in a forked JVM and reports the medians (p50) per step. */
final class ModelStepBench {
  private final PrintStream out;

  ModelStepBench(PrintStream out) {
    this.out = out;
  }

  void run(Path bundle, Path gruBundle, BenchReport.ModelStep figures) throws Exception {
    List<String> jvmArgs = new ArrayList<>(List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED"));
    String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (javacpp != null) {
      jvmArgs.add("-Dorg.bytedeco.javacpp.cachedir=" + javacpp);
    }
    Options options = new OptionsBuilder()
        .include(ModelStepBenchmark.class.getName() + "\\.")
        .param("bundle", bundle.toString())
        .param("gruBundle", gruBundle.toString())
        .forks(1)
        .threads(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(2))
        .measurementIterations(5).measurementTime(TimeValue.seconds(2))
        .jvmArgsAppend(jvmArgs.toArray(String[]::new))
        .verbosity(VerboseMode.NORMAL) // JMH's own progress; and a failing benchmark says why
        .build();
    out.println("model_step: JMH, 1 fork, 3 x 2 s warm-up, 5 x 2 s measurement, sample time, OMP_NUM_THREADS="
        + System.getenv("OMP_NUM_THREADS"));
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      var stats = result.getPrimaryResult().getStatistics();
      double p50 = stats.getPercentile(50.0);
      out.printf("  %-16s p50 %10.2f us   p99 %10.2f us   (%,d samples)%n", name.substring(name.lastIndexOf('.') + 1),
          p50, stats.getPercentile(99.0), stats.getN());
      if (name.endsWith(".kernelStep")) {
        figures.kernelUs = p50;
      } else if (name.endsWith(".gruKernelStep")) {
        figures.gruKernelUs = p50;
      } else if (name.endsWith(".dl4jRnnTimeStep")) {
        figures.dl4jRnnTimeStepUs = p50;
      } else if (name.endsWith(".fullWindow")) {
        figures.fullWindowUs = p50;
      }
    }
    if (figures.kernelUs == null || figures.gruKernelUs == null || figures.dl4jRnnTimeStepUs == null
        || figures.fullWindowUs == null) {
      out.println("model_step: a benchmark gave no result; JMH's output above says why");
    }
    figures.window = ModelStepBenchmark.WINDOW;
    figures.speedupVsDl4j = BenchReport.ratio(figures.dl4jRnnTimeStepUs, figures.kernelUs);
    figures.speedupVsFullWindow = BenchReport.ratio(figures.fullWindowUs, figures.kernelUs);
  }
}
