package io.ltvstream.train;

import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.testdata.Cdnow;
import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.Cell;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.model.ModelInputs;
import io.ltvstream.model.StepNormalizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Bundles for tests. */
final class Bundles {
  private Bundles() {}

  /** A randomly initialised (untrained) network with the given normalization: enough for kernel checks. */
  static ModelBundle untrained(Cell cell, int units, long seed, StepNormalizer normalizer) throws IOException {
    return NetworkBundles.of(LtvNetwork.create(cell, ModelInputs.SIZE, units, 8, 1e-3, 0, seed),
        draft(units, seed, normalizer));
  }

  /**
   * A network of random weights, biases too (initialisation leaves biases zero, and a zero bias
   * cannot tell where a gate's bias enters): for kernel checks.
   */
  static ModelBundle random(Cell cell, int units, long seed, StepNormalizer normalizer) throws IOException {
    Nd4j.getRandom().setSeed(seed);
    MultiLayerNetwork network = LtvNetwork.create(cell, ModelInputs.SIZE, units, 8, 1e-3, 0, seed);
    network.setParams(Nd4j.randn(DataType.FLOAT, 1, network.numParams()).muli(0.3));
    return NetworkBundles.of(network, draft(units, seed, normalizer));
  }

  /** Two members of {@code units / 2} units with random weights (biases too), packed: for kernel checks. */
  static ModelBundle untrainedPacked(int units, long seed, StepNormalizer normalizer) throws IOException {
    Nd4j.getRandom().setSeed(seed);
    List<MultiLayerNetwork> members = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      MultiLayerNetwork member = LtvNetwork.create(Cell.LSTM, ModelInputs.SIZE, units / 2, 8, 1e-3, 0, seed + k);
      member.setParams(Nd4j.randn(DataType.FLOAT, 1, member.numParams()).muli(0.3));
      members.add(member);
    }
    return NetworkBundles.of(PackedEnsemble.pack(members, 1e-3, 0, seed), draft(units, seed, normalizer));
  }

  private static BundleMetadata draft(int units, long seed, StepNormalizer normalizer) {
    return new BundleMetadata(ModelBundle.FORMAT, "", "2026-01-01T00:00:00Z",
        1, StepVectors.STEP_SPEC_VERSION, ModelInputs.names(Dimensions.NONE),
        units, 273, seed, normalizer.mean(), normalizer.scale(), 1.0, 1.0, 91, Cdnow.publishedSampleBaseline(),
        Map.of(), "", "", null);
  }

  static StepNormalizer identity() {
    float[] mean = new float[ModelInputs.SIZE];
    float[] scale = new float[ModelInputs.SIZE];
    Arrays.fill(scale, 1f);
    return new StepNormalizer(mean, scale);
  }

}
