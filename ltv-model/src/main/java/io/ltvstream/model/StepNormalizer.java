package io.ltvstream.model;

import java.util.List;

/** Z-score normalization of raw step vectors with statistics fit on the training steps (stored in the bundle). */
public record StepNormalizer(float[] mean, float[] scale) {
  /** Fits mean and 1/std per component over {@code steps}; constant components get scale 1. */
  public static StepNormalizer fit(List<float[]> steps, int size) {
    double[] sum = new double[size];
    double[] sumSq = new double[size];
    for (float[] s : steps) {
      for (int i = 0; i < size; i++) {
        sum[i] += s[i];
        sumSq[i] += (double) s[i] * s[i];
      }
    }
    float[] mean = new float[size];
    float[] scale = new float[size];
    int n = Math.max(1, steps.size());
    for (int i = 0; i < size; i++) {
      double m = sum[i] / n;
      double var = Math.max(0, sumSq[i] / n - m * m);
      mean[i] = (float) m;
      scale[i] = var > 1e-12 ? (float) (1 / Math.sqrt(var)) : 1f;
    }
    return new StepNormalizer(mean, scale);
  }

  /**
   * Fits like {@link #fit(List, int)} on the first {@code scaled} components and leaves the rest
   * as they are (mean 0, scale 1): the dimensions block, so that a missing dimension (0) adds
   * nothing to the network's input.
   */
  public static StepNormalizer fit(List<float[]> steps, int scaled, int size) {
    StepNormalizer head = fit(steps, scaled);
    float[] mean = java.util.Arrays.copyOf(head.mean, size);
    float[] scale = java.util.Arrays.copyOf(head.scale, size);
    java.util.Arrays.fill(scale, scaled, size, 1f);
    return new StepNormalizer(mean, scale);
  }

  public void apply(float[] raw, float[] out) {
    for (int i = 0; i < mean.length; i++) {
      out[i] = (raw[i] - mean[i]) * scale[i];
    }
  }
}
