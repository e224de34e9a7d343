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
 * Immutable and shared by all kernels of a bundle. Matrices keep DL4J's layout, one row per input
 * unit, so the kernel adds a whole row times one input at a time: an element-wise loop the JIT
 * vectorizes, where a dot product per output (a float reduction) stays scalar.
 */
final class LstmWeights {
  final int inputs;
  final int units;
  final int dense;
  final int outputs;
  /** [inputs][4u] */
  final float[][] inputWeights;
  /** [units][4u] */
  final float[][] recurrentWeights;
  final float[] gateBias;
  /** [units][dense] */
  final float[][] denseWeights;
  final float[] denseBias;
  /** [dense][outputs] */
  final float[][] outputWeights;
  final float[] outputBias;

  private LstmWeights(INDArray w, INDArray rw, INDArray b, INDArray dw, INDArray db, INDArray ow, INDArray ob) {
    inputs = (int) w.size(0);
    units = (int) rw.size(0);
    dense = (int) dw.size(1);
    outputs = (int) ow.size(1);
    inputWeights = rows(w);
    recurrentWeights = rows(rw);
    gateBias = b.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
    denseWeights = rows(dw);
    denseBias = db.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
    outputWeights = rows(ow);
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

  private static float[][] rows(INDArray m) {
    return m.castTo(DataType.FLOAT).toFloatMatrix();
  }
}
