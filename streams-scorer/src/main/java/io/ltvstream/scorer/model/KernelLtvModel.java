package io.ltvstream.scorer.model;

import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;

/**
 * The scorer's engine: the LSTM step, dense layer and output layer on float arrays with weights
 * exported from the DL4J network. No allocation per step or prediction (scratch buffers are per
 * instance, so one instance per thread); matches DL4J's {@code rnnTimeStep} within 1e-5.
 */
final class KernelLtvModel implements LtvModel {
  private final BundleMetadata metadata;
  private final LstmWeights w;
  private final StepNormalizer normalizer;
  private final ValueHead head;
  private final float[] x;
  private final float[] gates;
  private final float[] queryH;
  private final float[] queryC;
  private final float[] hidden;
  private final float[] out;
  private final float[] input = new float[ModelInputs.SIZE];
  private final Baseline baseline;

  KernelLtvModel(BundleMetadata metadata, LstmWeights weights) {
    this.metadata = metadata;
    this.w = weights;
    this.normalizer = metadata.normalizer();
    this.head = new ValueHead(metadata);
    this.baseline = Baseline.of(metadata.baseline());
    x = new float[w.inputs];
    gates = new float[4 * w.units];
    queryH = new float[w.units];
    queryC = new float[w.units];
    hidden = new float[w.dense];
    out = new float[w.outputs];
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
    return w.units;
  }

  @Override
  public void step(float[] stepVector, UserState state) {
    checkVersion(state);
    ModelInputs.event(stepVector, input);
    normalizer.apply(input, x);
    lstm(x, state.hidden(), state.cell());
  }

  @Override
  public LtvPrediction predict(UserState state, long atMillis) {
    return predict(state, atMillis, metadata.horizonDays());
  }

  /** Scores over a horizon other than the bundle's (evaluation). */
  LtvPrediction predict(UserState state, long atMillis, double horizonDays) {
    rawOutputs(state, atMillis);
    return head.predict(out, state, atMillis, horizonDays);
  }

  /** The four head outputs for a query at {@code atMillis}; the returned array is reused. */
  float[] rawOutputs(UserState state, long atMillis) {
    checkVersion(state);
    ModelInputs.query(state, atMillis, baseline, input);
    normalizer.apply(input, x);
    System.arraycopy(state.hidden(), 0, queryH, 0, w.units);
    System.arraycopy(state.cell(), 0, queryC, 0, w.units);
    lstm(x, queryH, queryC);
    head(queryH);
    return out;
  }

  /** One LSTM step on (h, c) in place. */
  void lstm(float[] input, float[] h, float[] c) {
    int u = w.units;
    for (int g = 0; g < 4 * u; g++) {
      float sum = w.gateBias[g];
      float[] wi = w.inputWeights[g];
      for (int i = 0; i < w.inputs; i++) {
        sum += wi[i] * input[i];
      }
      float[] wr = w.recurrentWeights[g];
      for (int i = 0; i < u; i++) {
        sum += wr[i] * h[i];
      }
      gates[g] = sum;
    }
    for (int j = 0; j < u; j++) {
      float blockInput = (float) Math.tanh(gates[j]);
      float forget = sigmoid(gates[u + j]);
      float output = sigmoid(gates[2 * u + j]);
      float inputGate = sigmoid(gates[3 * u + j]);
      float cell = forget * c[j] + inputGate * blockInput;
      c[j] = cell;
      h[j] = output * (float) Math.tanh(cell);
    }
  }

  private void head(float[] h) {
    for (int d = 0; d < w.dense; d++) {
      float sum = w.denseBias[d];
      float[] row = w.denseWeights[d];
      for (int i = 0; i < w.units; i++) {
        sum += row[i] * h[i];
      }
      hidden[d] = Math.max(0f, sum);
    }
    for (int o = 0; o < w.outputs; o++) {
      float sum = w.outputBias[o];
      float[] row = w.outputWeights[o];
      for (int i = 0; i < w.dense; i++) {
        sum += row[i] * hidden[i];
      }
      out[o] = sum;
    }
  }

  private static float sigmoid(float z) {
    return (float) (1 / (1 + Math.exp(-z)));
  }

  private void checkVersion(UserState state) {
    if (!metadata.version().equals(state.modelVersion()) || state.hidden().length != w.units) {
      throw new IllegalStateException("User state was built by model '" + state.modelVersion()
          + "', not " + metadata.version() + ": reset or rebuild it first");
    }
  }
}
