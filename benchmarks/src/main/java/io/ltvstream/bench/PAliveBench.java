package io.ltvstream.bench;

import io.ltvstream.cli.bench.BenchReport;
import io.ltvstream.core.clv.ParetoNbd;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The worst case of the scorer's per-query Pareto/NBD P(alive) over the range the data reaches: a
 * scan of a grid of (x, t_x, T) for each parameter set finds the slowest points, then JMH measures
 * the three slowest. The grid spans CDNOW (x to about 40, T to 78 weeks) and wholesale retail histories
 * (x in the hundreds, T to 5 years).
 */
final class PAliveBench {
  /**
   * The CDNOW sample and master fits (docs/evaluation.md), one on each branch of the A0 term, and
   * a fit heading to no dropout (beta far above alpha), where the 2F1 argument nears 1.
   */
  static final Map<String, ParetoNbd> PARAMETER_SETS = new LinkedHashMap<>();

  static {
    PARAMETER_SETS.put("cdnow_sample", new ParetoNbd(0.5533, 10.58, 0.6062, 11.67));
    PARAMETER_SETS.put("cdnow_master", new ParetoNbd(0.5974, 11.59, 0.5222, 8.828));
    PARAMETER_SETS.put("near_no_dropout", new ParetoNbd(1.2, 3.0, 0.02, 50_000));
    PARAMETER_SETS.put("alpha_far_above_beta", new ParetoNbd(0.3, 20_000, 0.8, 2.0));
  }

  private static final int[] FREQUENCIES = {0, 1, 2, 5, 10, 20, 40, 100, 200, 400};
  private static final double[] AGES_WEEKS = {1, 4, 13, 26, 39, 52, 78, 104, 156, 260};
  private static final double[] RECENCY_SHARES = {0.05, 0.25, 0.5, 0.9, 1.0};
  private static final double DAYS_PER_WEEK = 7;
  private static final int CALLS_PER_TIMING = 200;
  private static final int TIMINGS = 5;
  private static final int JMH_CANDIDATES = 3;

  private final PrintStream out;
  /** Keeps the scan's results live, so the JIT cannot drop the calls it times. */
  private double blackhole;

  PAliveBench(PrintStream out) {
    this.out = out;
  }

  void run(BenchReport.Baseline figures) throws Exception {
    List<Point> grid = grid();
    for (int round = 0; round < 3; round++) { // warms the JIT over every path before timing
      for (Point point : grid) {
        blackhole += point.model().probabilityAlive(point.x, point.tx, point.age);
      }
    }
    double[] nanos = new double[grid.size()];
    Integer[] slowestFirst = new Integer[grid.size()];
    for (int i = 0; i < grid.size(); i++) {
      nanos[i] = medianNanosPerCall(grid.get(i));
      slowestFirst[i] = i;
    }
    Arrays.sort(slowestFirst, (a, b) -> Double.compare(nanos[b], nanos[a]));
    double[] sorted = nanos.clone();
    Arrays.sort(sorted);
    figures.gridPoints = grid.size();
    figures.scanP50Us = sorted[sorted.length / 2] / 1e3;
    figures.scanP99Us = sorted[(int) Math.floor(0.99 * (sorted.length - 1))] / 1e3;
    out.printf("p_alive: scan of %,d points (%d parameter sets), %d x %d calls each: p50 %.2f us, p99 %.2f us%n",
        grid.size(), PARAMETER_SETS.size(), TIMINGS, CALLS_PER_TIMING, figures.scanP50Us, figures.scanP99Us);
    // A shared machine's noise can make any one point look slowest: JMH measures the scan's top few.
    for (int rank = 0; rank < JMH_CANDIDATES; rank++) {
      Point point = grid.get(slowestFirst[rank]);
      var stats = jmh(point).getPrimaryResult().getStatistics();
      out.printf("p_alive: JMH at %s (scan %.2f us): p50 %.2f us, p99 %.2f us (%,d samples)%n", point,
          nanos[slowestFirst[rank]] / 1e3, stats.getPercentile(50.0), stats.getPercentile(99.0), stats.getN());
      if (figures.worstUs == null || stats.getPercentile(50.0) > figures.worstUs) {
        figures.worstUs = stats.getPercentile(50.0);
        figures.worstP99Us = stats.getPercentile(99.0);
        figures.worstPoint = point.toString();
      }
    }
  }

  private double medianNanosPerCall(Point point) {
    ParetoNbd model = point.model();
    double[] timings = new double[TIMINGS];
    for (int t = 0; t < TIMINGS; t++) {
      long start = System.nanoTime();
      for (int i = 0; i < CALLS_PER_TIMING; i++) {
        blackhole += model.probabilityAlive(point.x, point.tx, point.age);
      }
      timings[t] = (System.nanoTime() - start) / (double) CALLS_PER_TIMING;
    }
    Arrays.sort(timings);
    return timings[TIMINGS / 2];
  }

  private static RunResult jmh(Point point) throws Exception {
    var options = new OptionsBuilder()
        .include(PAliveBenchmark.class.getName() + "\\.")
        .param("parameters", point.parameters)
        .param("x", Integer.toString(point.x))
        .param("tx", Double.toString(point.tx))
        .param("age", Double.toString(point.age))
        .forks(1)
        .warmupIterations(2).warmupTime(TimeValue.seconds(1))
        .measurementIterations(3).measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-Xmx256m")
        .verbosity(VerboseMode.SILENT)
        .build();
    return new Runner(options).run().iterator().next();
  }

  private static List<Point> grid() {
    List<Point> grid = new ArrayList<>();
    for (String parameters : PARAMETER_SETS.keySet()) {
      for (double age : AGES_WEEKS) {
        for (int x : FREQUENCIES) {
          if (x == 0) {
            grid.add(new Point(parameters, 0, 0, age));
            continue;
          }
          for (double share : RECENCY_SHARES) {
            if (x <= DAYS_PER_WEEK * share * age) { // x counts repeat purchase days, at most one a day
              grid.add(new Point(parameters, x, share * age, age));
            }
          }
        }
      }
    }
    return grid;
  }

  private record Point(String parameters, int x, double tx, double age) {
    ParetoNbd model() {
      return PARAMETER_SETS.get(parameters);
    }

    @Override
    public String toString() {
      return String.format("%s x=%d t_x=%.2f T=%.0f weeks", parameters, x, tx, age);
    }
  }
}
