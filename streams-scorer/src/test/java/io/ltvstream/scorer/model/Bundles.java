package io.ltvstream.scorer.model;

import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.state.StepVectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Bundles for tests. */
final class Bundles {
  private Bundles() {}

  /** A randomly initialised (untrained) network with the given normalization: enough for kernel checks. */
  static ModelBundle untrained(int units, long seed, StepNormalizer normalizer) throws IOException {
    return ModelBundle.create(LtvNetwork.create(ModelInputs.SIZE, units, 8, 1e-3, 0, seed),
        draft(units, seed, normalizer));
  }

  /** Two members of {@code units / 2} units with random weights (biases too), packed: for kernel checks. */
  static ModelBundle untrainedPacked(int units, long seed, StepNormalizer normalizer) throws IOException {
    Nd4j.getRandom().setSeed(seed);
    List<MultiLayerNetwork> members = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      MultiLayerNetwork member = LtvNetwork.create(ModelInputs.SIZE, units / 2, 8, 1e-3, 0, seed + k);
      member.setParams(Nd4j.randn(DataType.FLOAT, 1, member.numParams()).muli(0.3));
      members.add(member);
    }
    return ModelBundle.create(PackedEnsemble.pack(members, 1e-3, 0, seed), draft(units, seed, normalizer));
  }

  private static BundleMetadata draft(int units, long seed, StepNormalizer normalizer) {
    return new BundleMetadata(ModelBundle.FORMAT, "", "2026-01-01T00:00:00Z",
        EventFeatures.FEATURE_SPEC_VERSION, StepVectors.STEP_SPEC_VERSION, ModelInputs.names(),
        units, 273, seed, normalizer.mean(), normalizer.scale(), 1.0, 1.0, 91, publishedSampleBaseline(),
        Map.of(), "");
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

  /** Small, fast training settings for tests (seconds): two members of 8 LSTM and 8 dense units, packed. */
  static LtvTrainer.Settings tiny(long seed) {
    return LtvTrainer.Settings.defaults().toBuilder().seed(seed).members(2).units(16).denseUnits(8).maxEpochs(3)
        .patience(2).learningRate(1e-2).cutoffStepDays(28).maxTrainingUsers(1000).averageFromEpoch(2)
        .build();
  }
}
