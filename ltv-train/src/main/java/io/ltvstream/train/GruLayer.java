package io.ltvstream.train;

import io.ltvstream.model.Cell;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A GRU layer for a {@code MultiLayerNetwork}, since DL4J 1.0.0-M2.1 has no finished one: libnd4j's
 * {@code gru} op (which has a backward op) inside a {@link SameDiffLayer}, from h = 0, over
 * [minibatch, inputs, time] like DL4J's LSTM. Parameters: {@value #WEIGHTS} [in x 3u], {@value
 * #RECURRENT_WEIGHTS} [u x 3u], {@value #BIAS} [3u], gate blocks reset, update, candidate: the
 * LSTM's names, so the export and the ensemble packing read both cells alike.
 */
public final class GruLayer extends SameDiffLayer {
  static final String WEIGHTS = "W";
  static final String RECURRENT_WEIGHTS = "RW";
  static final String BIAS = "b";
  private static final int GATES = Cell.GRU.gates();

  // Named for DL4J's JSON configuration, which restores a serialized network's layers from it.
  @JsonProperty("nIn") private long nIn;
  @JsonProperty("nOut") private long nOut;

  GruLayer(long nIn, long nOut) {
    this.nIn = nIn;
    this.nOut = nOut;
    this.weightInit = WeightInit.XAVIER;
  }

  /** For DL4J's JSON configuration (a serialized network). */
  private GruLayer() {}

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> params, SDVariable mask) {
    // The op is time-major. It takes no mask: the trainer pads sequences at the end, after each
    // example's query step, and a recurrent step never sees later steps, so padding changes
    // nothing the loss reads.
    SDVariable timeMajor = sd.permute(layerInput, 2, 0, 1);
    SDVariable minibatch = sd.shape(layerInput).get(SDIndex.interval(0, 1));
    SDVariable h0 = sd.fill(sd.concat(0, minibatch, sd.constant(Nd4j.createFromArray(nOut))), layerInput.dataType(), 0);
    SDVariable h = sd.rnn().gru(timeMajor, h0, params.get(WEIGHTS), params.get(RECURRENT_WEIGHTS),
        params.get(BIAS));
    return sd.permute(h, 1, 2, 0);
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.clear();
    params.addWeightParam(WEIGHTS, nIn, GATES * nOut);
    params.addWeightParam(RECURRENT_WEIGHTS, nOut, GATES * nOut);
    params.addBiasParam(BIAS, GATES * nOut);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    WeightInitUtil.initWeights(nIn, nOut, params.get(WEIGHTS).shape(), weightInit, null, 'c', params.get(WEIGHTS));
    WeightInitUtil.initWeights(nOut, nOut, params.get(RECURRENT_WEIGHTS).shape(), weightInit, null, 'c',
        params.get(RECURRENT_WEIGHTS));
    params.get(BIAS).assign(0);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.recurrent(nOut, ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength());
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (nIn <= 0 || override) {
      nIn = ((InputType.InputTypeRecurrent) inputType).getSize();
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
  }
}
