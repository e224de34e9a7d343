package io.ltvstream.train;

import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.Cell;
import io.ltvstream.model.SteppedLtvModel;
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
public final class Dl4jLtvModel extends SteppedLtvModel {
  private final MultiLayerNetwork network;
  /** The GRU's step, or null for the LSTM, which DL4J steps itself. */
  private final SameDiffGruStep gru;
  private final int units;
  private final int inputs;

  Dl4jLtvModel(BundleMetadata metadata, MultiLayerNetwork network) {
    super(metadata, LtvNetwork.inputs(network), LtvNetwork.units(network));
    this.network = network;
    this.inputs = LtvNetwork.inputs(network);
    this.units = LtvNetwork.units(network);
    this.gru = LtvNetwork.cell(network) == Cell.GRU ? new SameDiffGruStep(network) : null;
  }

  @Override
  protected void advance(float[] x, float[] h, float[] c) {
    timeStep(x, h, c, true);
  }

  @Override
  protected float[] outputs(float[] x, float[] h, float[] c) {
    return timeStep(x, h, c, false);
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
}
