package io.ltvstream.core.state;

import java.util.Arrays;

/**
 * A user's last step vectors, oldest first, in IEEE half precision: what a new model version
 * replays to rebuild the user's recurrent state. {@link StepVectors#IS_QUERY} is 0 in every event
 * step and is not kept, so a step costs {@value #BYTES_PER_STEP} bytes instead of 112 as floats.
 * Flags (0 or 1) are exact in half precision; every other component keeps a relative error of at
 * most 2^-11 (docs/scorer.md gives the bound this puts on a rebuilt user's value).
 */
public final class ReplaySteps {
  /** Components kept per step: all but {@link StepVectors#IS_QUERY}. */
  static final int COMPONENTS = StepVectors.SIZE - 1;
  public static final int BYTES_PER_STEP = 2 * COMPONENTS;
  /** Longest ring the codec stores (its count is one unsigned byte). */
  public static final int MAX_CAPACITY = 255;

  /** The first {@code size * COMPONENTS} halves are the steps, oldest first; the array is reused. */
  short[] halves = new short[0];
  private int size;

  /** Appends the event step {@code step} (of {@link StepVectors#SIZE}), keeping the newest {@code capacity} steps. */
  public void append(float[] step, int capacity) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("replay steps kept must be in [1, " + MAX_CAPACITY + "], got " + capacity);
    }
    if (step[StepVectors.IS_QUERY] != 0f) {
      throw new IllegalArgumentException("a query step is not replayed");
    }
    int kept = Math.min(size, capacity - 1);
    System.arraycopy(halves, (size - kept) * COMPONENTS, halves, 0, kept * COMPONENTS);
    resize(kept + 1);
    for (int i = 0; i < COMPONENTS; i++) {
      halves[kept * COMPONENTS + i] = Float.floatToFloat16(step[i + 1]);
    }
  }

  public int size() {
    return size;
  }

  /** Sets the number of steps, keeping the first ones; the array grows only when it must. */
  void resize(int steps) {
    if (halves.length < steps * COMPONENTS) {
      halves = Arrays.copyOf(halves, steps * COMPONENTS);
    }
    size = steps;
  }

  /** Writes the {@code index}-th step (0 is the oldest) into {@code out[0..StepVectors.SIZE)}. */
  public void copyTo(int index, float[] out) {
    out[StepVectors.IS_QUERY] = 0f;
    int from = index * COMPONENTS;
    for (int i = 0; i < COMPONENTS; i++) {
      out[i + 1] = Float.float16ToFloat(halves[from + i]);
    }
  }

  void copyFrom(ReplaySteps other) {
    halves = Arrays.copyOf(other.halves, other.size * COMPONENTS);
    size = other.size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplaySteps other
        && Arrays.equals(halves, 0, size * COMPONENTS, other.halves, 0, other.size * COMPONENTS);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(Arrays.copyOf(halves, size * COMPONENTS));
  }
}
