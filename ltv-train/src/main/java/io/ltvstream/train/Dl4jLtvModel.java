package io.ltvstream.train;

import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.Baseline;
import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.Cell;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.LtvPrediction;
import io.ltvstream.model.ModelInputs;
import io.ltvstream.model.StepNormalizer;
import io.ltvstream.model.ValueHead;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference engine: for the LSTM, DL4J's own {@code rnnTimeStep} on a private clone of the
 * network, with the user's h/c loaded before and read back after each step (about 300 us per
 * step); for the GRU, the {@link SameDiffGruStep} graph of the layer's own op. Not thread-safe
 * (one instance per thread).
 */
public final class Dl4jLtvModel implements LtvModel {
  private final BundleMetadata metadata;
  private final MultiLayerNetwork network;
  /** The GRU's step, or null for the LSTM, which DL4J steps itself. */
  private final SameDiffGruStep gru;
  private final StepNormalizer normalizer;
  private final ValueHead head;
  private final int units;
  private final int inputs;
  private final float[] x;
  private final float[] input = new float[ModelInputs.SIZE];
  private final Baseline baseline;

  Dl4jLtvModel(BundleMetadata metadata, MultiLayerNetwork network) {
    this.metadata = metadata;
    this.network = network;
    this.normalizer = metadata.normalizer();
    this.head = new ValueHead(metadata);
    this.baseline = Baseline.of(metadata.baseline());
    this.inputs = LtvNetwork.inputs(network);
    this.units = LtvNetwork.units(network);
    this.gru = LtvNetwork.cell(network) == Cell.GRU ? new SameDiffGruStep(network) : null;
    this.x = new float[inputs];
  }

  @Override
  public String version() {
    return metadata.version();
  }

  @Override
  public int horizonDays() {
    return metadata.horizonDays();
  }

  @Override
  public int stepSize() {
    return StepVectors.SIZE;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public void step(float[] stepVector, UserState state) {
    checkVersion(state);
    ModelInputs.event(stepVector, input);
    normalizer.apply(input, x);
    timeStep(x, state.hidden(), state.cell(), true);
  }

  @Override
  public LtvPrediction predict(UserState state, long atMillis) {
    return predict(state, atMillis, metadata.horizonDays());
  }

  @Override
  public LtvPrediction predict(UserState state, long atMillis, double horizonDays) {
    Baseline.At pnbd = Baseline.atOrNull(baseline, state, atMillis);
    return head.predict(rawOutputs(state, atMillis, pnbd), pnbd, horizonDays);
  }

  /** The head outputs for a query at {@code atMillis}, given Pareto/NBD's view of the user then. */
  public float[] rawOutputs(UserState state, long atMillis, Baseline.At pnbd) {
    checkVersion(state);
    ModelInputs.query(state, atMillis, pnbd, input);
    normalizer.apply(input, x);
    return timeStep(x, state.hidden(), state.cell(), false);
  }

  /** One step from (h, c); writes the new h/c back when {@code keep}; returns the outputs. */
  float[] timeStep(float[] input, float[] h, float[] c, boolean keep) {
    if (gru != null) {
      return gru.step(input, h, keep);
    }
    Map<String, INDArray> previous = new HashMap<>();
    previous.put(LSTM.STATE_KEY_PREV_ACTIVATION, Nd4j.create(h, new long[] {1, units}, DataType.FLOAT));
    previous.put(LSTM.STATE_KEY_PREV_MEMCELL, Nd4j.create(c, new long[] {1, units}, DataType.FLOAT));
    network.rnnClearPreviousState();
    network.rnnSetPreviousState(0, previous);
    INDArray output = network.rnnTimeStep(Nd4j.create(input, new long[] {1, inputs}, DataType.FLOAT));
    if (keep) {
      Map<String, INDArray> next = network.rnnGetPreviousState(0);
      float[] newH = next.get(LSTM.STATE_KEY_PREV_ACTIVATION).castTo(DataType.FLOAT).reshape(-1).toFloatVector();
      float[] newC = next.get(LSTM.STATE_KEY_PREV_MEMCELL).castTo(DataType.FLOAT).reshape(-1).toFloatVector();
      System.arraycopy(newH, 0, h, 0, units);
      System.arraycopy(newC, 0, c, 0, units);
    }
    return output.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
  }

  private void checkVersion(UserState state) {
    if (!metadata.version().equals(state.modelVersion()) || state.hidden().length != units) {
      throw new IllegalStateException("User state was built by model '" + state.modelVersion()
          + "', not " + metadata.version() + ": reset or rebuild it first");
    }
  }
}
