package io.ltvstream.train;

import io.ltvstream.model.Cell;
import io.ltvstream.model.ValueHead;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The network: a recurrent cell over steps (DL4J's LSTM, or the {@link GruLayer}), a dense ReLU
 * layer and linear outputs for the {@link ValueHead}: four when trained, four per member when
 * {@link PackedEnsemble packed}.
 */
final class LtvNetwork {
  /** The index of the output layer, the {@link ValueHead}'s. */
  static final int OUTPUT_LAYER = 2;

  private LtvNetwork() {}

  /** A network to train: four outputs. */
  static MultiLayerNetwork create(Cell cell, int inputs, int units, int dense, double learningRate, double l2,
      long seed) {
    return create(cell, inputs, units, dense, ValueHead.OUTPUTS, learningRate, l2, seed);
  }

  static MultiLayerNetwork create(Cell cell, int inputs, int units, int dense, int outputs, double learningRate,
      double l2, long seed) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(new Adam(learningRate))
        .l2(l2)
        .gradientNormalization(GradientNormalization.ClipL2PerLayer)
        .gradientNormalizationThreshold(5.0)
        .list()
        .layer(switch (cell) {
          case LSTM -> new LSTM.Builder().nIn(inputs).nOut(units).activation(Activation.TANH)
              .gateActivationFunction(Activation.SIGMOID).build();
          case GRU -> new GruLayer(inputs, units);
        })
        .layer(new DenseLayer.Builder().nIn(units).nOut(dense).activation(Activation.RELU).build())
        .layer(new RnnOutputLayer.Builder(new DecayingRateLoss()).nIn(dense).nOut(outputs)
            .activation(Activation.IDENTITY).build())
        .setInputType(InputType.recurrent(inputs))
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  /** The recurrent layer's cell. */
  static Cell cell(MultiLayerNetwork network) {
    return network.getLayerWiseConfigurations().getConf(0).getLayer() instanceof GruLayer ? Cell.GRU : Cell.LSTM;
  }

  /** The recurrent layer's units (read from its weights: DL4J's layerSize knows no SameDiff layer). */
  static int units(MultiLayerNetwork network) {
    return (int) network.getLayer(0).getParam(GruLayer.RECURRENT_WEIGHTS).size(0);
  }

  /** The recurrent layer's inputs. */
  static int inputs(MultiLayerNetwork network) {
    return (int) network.getLayer(0).getParam(GruLayer.WEIGHTS).size(0);
  }
}
