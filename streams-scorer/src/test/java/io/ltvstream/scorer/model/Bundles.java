package io.ltvstream.scorer.model;

import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.state.StepVectors;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Bundles for tests. */
final class Bundles {
  private Bundles() {}

  /** A randomly initialised (untrained) network with the given normalization: enough for kernel checks. */
  static ModelBundle untrained(int units, long seed, StepNormalizer normalizer) throws IOException {
    BundleMetadata draft = new BundleMetadata(ModelBundle.FORMAT, "", "2026-01-01T00:00:00Z",
        EventFeatures.FEATURE_SPEC_VERSION, StepVectors.STEP_SPEC_VERSION, Arrays.asList(StepVectors.names()),
        units, 273, seed, normalizer.mean(), normalizer.scale(), 1.0, 1.0, 91, new TreeMap<>(),
        Map.of(), "");
    return ModelBundle.create(LtvNetwork.create(StepVectors.SIZE, units, 8, 1e-3, 0, seed), draft);
  }

  static StepNormalizer identity() {
    float[] mean = new float[StepVectors.SIZE];
    float[] scale = new float[StepVectors.SIZE];
    Arrays.fill(scale, 1f);
    return new StepNormalizer(mean, scale);
  }

  /** Small, fast training settings for tests (seconds). */
  static LtvTrainer.Settings tiny(long seed) {
    return new LtvTrainer.Settings(seed, 8, 8, 3, 2, 128, 1e-2, 1e-5, 91, 28, 273, 1000);
  }
}
