package io.ltvstream.model;

import java.util.Arrays;

/**
 * The scorer's engine: the recurrent step (LSTM or GRU, the bundle's {@link Cell}), dense layer and
 * output layer on float arrays with weights exported from the DL4J network. No allocation per step
 * or prediction (scratch buffers are per instance, so one instance per thread); matches DL4J's
 * {@code rnnTimeStep} (LSTM) and libnd4j's {@code gru} op run through SameDiff (GRU) within 1e-5.
 */
public final class KernelLtvModel extends SteppedLtvModel {
  private final NetworkWeights w;
  private final float[] gates;
  /** GRU: h times the recurrent weights, kept apart from the input part for the reset gate. */
  private final float[] recurrentGates;
  private final float[] queryH;
  private final float[] queryC;
  private final float[] hidden;
  private final float[] out;

  KernelLtvModel(BundleMetadata metadata, NetworkWeights weights) {
    super(metadata, weights.inputs, weights.units);
    this.w = weights;
    gates = new float[w.cell.gates() * w.units];
    recurrentGates = new float[w.cell == Cell.GRU ? 3 * w.units : 0];
    queryH = new float[w.units];
    queryC = new float[w.units];
    hidden = new float[w.dense];
    out = new float[w.outputs];
  }

  @Override
  protected void advance(float[] x, float[] h, float[] c) {
    recurrent(x, h, c);
  }

  /** The returned array is reused. */
  @Override
  protected float[] outputs(float[] x, float[] h, float[] c) {
    System.arraycopy(h, 0, queryH, 0, w.units);
    System.arraycopy(c, 0, queryC, 0, w.units);
    recurrent(x, queryH, queryC);
    head(queryH);
    return out;
  }

  /** One step of the bundle's cell on (h, c) in place; the GRU leaves c alone. */
  private void recurrent(float[] input, float[] h, float[] c) {
    switch (w.cell) {
      case LSTM -> lstm(input, h, c);
      case GRU -> gru(input, h);
    }
  }

  /**
   * One LSTM step on (h, c) in place, DL4J's gate order. The activations run gate by gate over
   * whole arrays, in plain float arithmetic ({@link #tanh}), so the JIT vectorizes them: they were
   * two thirds of the step as scalar {@code Math.tanh}/{@code Math.exp} calls.
   */
  void lstm(float[] input, float[] h, float[] c) {
    int u = w.units;
    System.arraycopy(w.gateBias, 0, gates, 0, 4 * u);
    for (int i = 0; i < w.inputs; i++) {
      addScaled(w.inputWeights[i], input[i], gates, 0, 4 * u);
    }
    for (int i = 0; i < u; i++) {
      addScaled(w.recurrentWeights[i], h[i], gates, 0, 4 * u);
    }
    for (int j = 0; j < u; j++) {
      gates[j] = tanh(gates[j]); // block input
    }
    for (int k = u; k < 4 * u; k++) {
      gates[k] = sigmoid(gates[k]); // forget, output and input gates
    }
    for (int j = 0; j < u; j++) {
      c[j] = gates[u + j] * c[j] + gates[3 * u + j] * gates[j];
    }
    for (int j = 0; j < u; j++) {
      h[j] = gates[2 * u + j] * tanh(c[j]);
    }
  }

  /**
   * One GRU step on h in place, libnd4j's {@code gru} formula (checked against the op numerically:
   * other gate orders and reset conventions miss it by 0.04 or more): r = sigmoid(x Wr + h Rr + br),
   * u = sigmoid(x Wu + h Ru + bu), candidate = tanh(x Wc + r * (h Rc) + bc) (the reset gate scales h
   * after its recurrent weights, and not the bias), h' = (1 - u) * candidate + u * h.
   */
  void gru(float[] input, float[] h) {
    int u = w.units;
    System.arraycopy(w.gateBias, 0, gates, 0, 3 * u);
    for (int i = 0; i < w.inputs; i++) {
      addScaled(w.inputWeights[i], input[i], gates, 0, 3 * u);
    }
    Arrays.fill(recurrentGates, 0f);
    for (int i = 0; i < u; i++) {
      addScaled(w.recurrentWeights[i], h[i], recurrentGates, 0, 3 * u);
    }
    for (int k = 0; k < 2 * u; k++) {
      gates[k] = sigmoid(gates[k] + recurrentGates[k]); // reset and update gates
    }
    for (int j = 0; j < u; j++) {
      float candidate = tanh(gates[2 * u + j] + gates[j] * recurrentGates[2 * u + j]);
      float update = gates[u + j];
      h[j] = (1 - update) * candidate + update * h[j];
    }
  }

  private void head(float[] h) {
    System.arraycopy(w.denseBias, 0, hidden, 0, w.dense);
    for (int i = 0; i < w.units; i++) {
      addScaled(w.denseWeights[i], h[i], hidden, 0, w.dense);
    }
    for (int d = 0; d < w.dense; d++) {
      hidden[d] = Math.max(0f, hidden[d]);
    }
    System.arraycopy(w.outputBias, 0, out, 0, w.outputs);
    for (int i = 0; i < w.dense; i++) {
      addScaled(w.outputWeights[i], hidden[i], out, 0, w.outputs);
    }
  }

  /** {@code into[from..to) += row[from..to) * x}, element-wise. */
  private static void addScaled(float[] row, float x, float[] into, int from, int to) {
    for (int k = from; k < to; k++) {
      into[k] += row[k] * x;
    }
  }

  /** The logistic function, as 1/2 + tanh(z/2)/2. */
  static float sigmoid(float z) {
    return 0.5f + 0.5f * tanh(0.5f * z);
  }

  /**
   * tanh in float: the 13/6-degree rational interpolant of Eigen's {@code generic_fast_tanh_float},
   * within a few float ulps of tanh on [-9, 9] and +/-1 beyond (where float tanh is +/-1).
   */
  static float tanh(float z) {
    float x = Math.max(-9f, Math.min(9f, z));
    float x2 = x * x;
    float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = x2 * p + -8.60467152213735e-11f;
    p = x2 * p + 5.12229709037114e-08f;
    p = x2 * p + 1.48572235717979e-05f;
    p = x2 * p + 6.37261928875436e-04f;
    p = x2 * p + 4.89352455891786e-03f;
    float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = x2 * q + 2.26843463243900e-03f;
    q = x2 * q + 4.89352518554385e-03f;
    return x * p / q;
  }
}
