package io.ltvstream.scorer.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's last step vectors, oldest first, as raw (unnormalized) floats: what a new model version
 * replays to rebuild the user's recurrent state. Binary form: capacity, count, step size, then the
 * floats of each step oldest first.
 */
public final class RecentSteps {
  private final int capacity;
  private final int stepSize;
  private final ArrayList<float[]> steps;

  public RecentSteps(int capacity, int stepSize) {
    this.capacity = capacity;
    this.stepSize = stepSize;
    this.steps = new ArrayList<>(Math.min(capacity, 16));
  }

  /** Appends a copy of {@code step}, dropping the oldest when full. */
  public void append(float[] step) {
    if (step.length != stepSize) {
      throw new IllegalArgumentException("step of " + step.length + " floats, expected " + stepSize);
    }
    if (steps.size() == capacity) {
      steps.removeFirst();
    }
    steps.add(step.clone());
  }

  /** The steps, oldest first (not copies: read only). */
  public List<float[]> steps() {
    return steps;
  }

  public int size() {
    return steps.size();
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(12 + 4 * stepSize * steps.size());
    out.putInt(capacity).putInt(steps.size()).putInt(stepSize);
    for (float[] step : steps) {
      for (float v : step) {
        out.putFloat(v);
      }
    }
    return out.array();
  }

  /**
   * Decodes; a capacity other than {@code capacity} (the setting changed) keeps the newest steps
   * that fit.
   */
  public static RecentSteps decode(byte[] bytes, int capacity) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    in.getInt();
    int count = in.getInt();
    int stepSize = in.getInt();
    if (count < 0 || stepSize < 0 || in.remaining() != 4L * count * stepSize) {
      throw new IllegalArgumentException("recent steps of " + bytes.length
          + " bytes do not hold " + count + " steps of " + stepSize + " floats");
    }
    RecentSteps recent = new RecentSteps(capacity, stepSize);
    for (int s = 0; s < count; s++) {
      float[] step = new float[stepSize];
      for (int i = 0; i < stepSize; i++) {
        step[i] = in.getFloat();
      }
      recent.append(step);
    }
    return recent;
  }
}
