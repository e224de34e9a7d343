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
        EventFeatures.FEATURE_SPEC_VERSION, StepVectors.STEP_SPEC_VERSION, ModelInputs.names(),
        units, 273, seed, normalizer.mean(), normalizer.scale(), 1.0, 1.0, 91, publishedSampleBaseline(),
        Map.of(), "");
    return ModelBundle.create(LtvNetwork.create(ModelInputs.SIZE, units, 8, 1e-3, 0, seed), draft);
  }

  /** Pareto/NBD and Gamma-Gamma as published for the CDNOW sample. */
  static Map<String, Double> publishedSampleBaseline() {
    Map<String, Double> baseline = new TreeMap<>();
    baseline.put("pnbd_r", 0.553);
    baseline.put("pnbd_alpha", 10.58);
    baseline.put("pnbd_s", 0.606);
    baseline.put("pnbd_beta", 11.67);
    baseline.put("gg_p", 6.25);
    baseline.put("gg_q", 3.74);
    baseline.put("gg_gamma", 15.44);
    return baseline;
  }

  static StepNormalizer identity() {
    float[] mean = new float[ModelInputs.SIZE];
    float[] scale = new float[ModelInputs.SIZE];
    Arrays.fill(scale, 1f);
    return new StepNormalizer(mean, scale);
  }

  /** Small, fast training settings for tests (seconds). */
  static LtvTrainer.Settings tiny(long seed) {
    return LtvTrainer.Settings.defaults().toBuilder().seed(seed).units(8).denseUnits(8).maxEpochs(3)
        .patience(2).learningRate(1e-2).cutoffStepDays(28).maxTrainingUsers(1000).averageFromEpoch(2)
        .build();
  }
}
