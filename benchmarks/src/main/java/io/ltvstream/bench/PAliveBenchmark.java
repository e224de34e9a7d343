package io.ltvstream.bench;

import io.ltvstream.core.clv.ParetoNbd;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Pareto/NBD's P(alive) for one user, the per-query cost of the scorer's baseline ({@code
 * Baseline.at}), at one point (x, t_x, T) of one fitted parameter set; {@link PAliveBench} picks
 * the points.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PAliveBenchmark {
  /** A name from {@link PAliveBench#PARAMETER_SETS}. */
  @Param("")
  public String parameters;

  @Param("0")
  public int x;

  /** Weeks. */
  @Param("0")
  public double tx;

  /** Weeks. */
  @Param("0")
  public double age;

  private ParetoNbd model;

  @Setup
  public void setUp() {
    model = PAliveBench.PARAMETER_SETS.get(parameters);
  }

  @Benchmark
  public double probabilityAlive() {
    return model.probabilityAlive(x, tx, age);
  }
}
