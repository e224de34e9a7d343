package io.ltvstream.scorer.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network's weights as plain float arrays, exported from the DL4J layers: LSTM (input
 * weights W [in x 4u], recurrent weights RW [u x 4u], bias b [4u], gate blocks in DL4J's order:
 * block input, forget, output, input gate), a dense ReLU layer and the linear output layer.
 * Immutable and shared by all kernels of a bundle. Arrays are stored transposed (one row per
 * output unit) so the kernel's inner loops run over contiguous memory.
 */
final class LstmWeights {
  final int inputs;
  final int units;
  final int dense;
  final int outputs;
  /** [4u][inputs] */
  final float[][] inputWeights;
  /** [4u][units] */
  final float[][] recurrentWeights;
  final float[] gateBias;
  /** [dense][units] */
  final float[][] denseWeights;
  final float[] denseBias;
  /** [outputs][dense] */
  final float[][] outputWeights;
  final float[] outputBias;

  private LstmWeights(INDArray w, INDArray rw, INDArray b, INDArray dw, INDArray db, INDArray ow, INDArray ob) {
    inputs = (int) w.size(0);
    units = (int) rw.size(0);
    dense = (int) dw.size(1);
    outputs = (int) ow.size(1);
    inputWeights = transpose(w);
    recurrentWeights = transpose(rw);
    gateBias = b.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
    denseWeights = transpose(dw);
    denseBias = db.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
    outputWeights = transpose(ow);
    outputBias = ob.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
  }

  static LstmWeights of(MultiLayerNetwork network) {
    Layer[] layers = network.getLayers();
    if (layers.length != 3) {
      throw new IllegalArgumentException("Expected LSTM, dense and output layers, found " + layers.length + " layers");
    }
    Map<String, INDArray> lstm = layers[0].paramTable();
    Map<String, INDArray> dense = layers[1].paramTable();
    Map<String, INDArray> out = layers[2].paramTable();
    if (!lstm.containsKey("RW")) {
      throw new IllegalArgumentException("First layer is not an LSTM: " + lstm.keySet());
    }
    return new LstmWeights(lstm.get("W"), lstm.get("RW"), lstm.get("b"), dense.get("W"), dense.get("b"),
        out.get("W"), out.get("b"));
  }

  private static float[][] transpose(INDArray m) {
    float[][] a = m.castTo(DataType.FLOAT).toFloatMatrix();
    float[][] t = new float[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }
}
