package io.ltvstream.cli.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * How much to measure.
 *
 * @param scorerEvents events streamed through each topology in the measured pass
 * @param warmupEvents events streamed through each topology before it is measured
 * @param cdnowMaster the CDNOW master file, for the training figure
 * @param parts the parts to run: scorer, model_step, baseline, nifi, training, state, http (all when empty)
 * @param seed the seed of the synthetic input
 */
public record BenchOptions(int scorerEvents, int warmupEvents, Path cdnowMaster, Set<String> parts, long seed) {
  public static final Set<String> ALL_PARTS = Set.of("scorer", "model_step", "baseline", "nifi", "training", "state", "http");

  public BenchOptions {
    parts = parts == null || parts.isEmpty() ? ALL_PARTS : Set.copyOf(parts);
    if (!ALL_PARTS.containsAll(parts)) {
      throw new IllegalArgumentException("unknown bench parts " + parts + "; choose from " + ALL_PARTS);
    }
  }

  public boolean runs(String part) {
    return parts.contains(part);
  }
}
