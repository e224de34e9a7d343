package io.ltvstream.train;

import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GRU network's reference step: the {@link GruLayer}'s own libnd4j {@code gru} op on one time
 * step from a given h, then the dense ReLU and output layers, as a SameDiff graph over a copy of the
 * trained parameters. A {@code SameDiffLayer} keeps no state between calls, so DL4J's {@code
 * rnnTimeStep} cannot step it; this graph is what stepping it means. Not thread-safe.
 */
final class SameDiffGruStep {
  private static final String INPUT = "x";
  private static final String PREVIOUS = "h_previous";
  private static final String HIDDEN = "h";
  private static final String OUTPUT = "out";

  private final SameDiff sd = SameDiff.create();
  private final int inputs;
  private final int units;

  SameDiffGruStep(MultiLayerNetwork network) {
    inputs = LtvNetwork.inputs(network);
    units = LtvNetwork.units(network);
    SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, 1, 1, inputs); // [time, minibatch, inputs]
    SDVariable previous = sd.placeHolder(PREVIOUS, DataType.FLOAT, 1, units);
    SDVariable h = sd.rnn().gru(x, previous, constant(network, 0, GruLayer.WEIGHTS),
        constant(network, 0, GruLayer.RECURRENT_WEIGHTS), constant(network, 0, GruLayer.BIAS))
        .reshape(1, units).rename(HIDDEN);
    SDVariable dense = sd.nn().relu(h.mmul(constant(network, 1, "W")).add(constant(network, 1, "b")), 0);
    dense.mmul(constant(network, 2, "W")).add(constant(network, 2, "b")).rename(OUTPUT);
  }

  /** One step from {@code h}; writes the new h back when {@code keep}; returns the head outputs. */
  float[] step(float[] input, float[] h, boolean keep) {
    Map<String, INDArray> result = sd.output(Map.of(
        INPUT, Nd4j.create(input, new long[] {1, 1, inputs}, 'c'),
        PREVIOUS, Nd4j.create(h, new long[] {1, units}, 'c')), HIDDEN, OUTPUT);
    if (keep) {
      System.arraycopy(result.get(HIDDEN).castTo(DataType.FLOAT).reshape(-1).toFloatVector(), 0, h, 0, units);
    }
    return result.get(OUTPUT).castTo(DataType.FLOAT).reshape(-1).toFloatVector();
  }

  private SDVariable constant(MultiLayerNetwork network, int layer, String param) {
    return sd.constant(network.getLayer(layer).getParam(param).castTo(DataType.FLOAT).dup());
  }
}
