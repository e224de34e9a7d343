package io.ltvstream.scorer.model;

import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;
import java.util.Arrays;
import java.util.Random;

/**
 * Per-event step time of the kernel and of DL4J's rnnTimeStep (a measurement, not a test):
 * {@code java -cp <test classpath> io.ltvstream.scorer.model.StepTimingMain [units]}.
 */
public final class StepTimingMain {
  private StepTimingMain() {}

  public static void main(String[] args) throws Exception {
    int units = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    ModelBundle bundle = Bundles.untrained(units, 1, Bundles.identity());
    float[][] steps = new float[1000][StepVectors.SIZE];
    Random random = new Random(1);
    for (float[] s : steps) {
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) random.nextGaussian();
      }
    }
    for (Engine engine : Engine.values()) {
      LtvModel model = bundle.newModel(engine);
      UserState state = new UserState();
      model.resetRecurrent(state);
      int n = engine == Engine.KERNEL ? 200_000 : 5_000;
      long[] samples = new long[n];
      for (int warm = 0; warm < n / 2; warm++) {
        model.step(steps[warm % steps.length], state);
      }
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        model.step(steps[i % steps.length], state);
        samples[i] = System.nanoTime() - t0;
      }
      Arrays.sort(samples);
      System.out.printf("%-6s units=%d step p50 %.2f us, p90 %.2f us, mean %.2f us (%d steps)%n", engine, units,
          samples[n / 2] / 1e3, samples[n * 9 / 10] / 1e3, Arrays.stream(samples).average().orElse(0) / 1e3, n);
    }
  }
}
