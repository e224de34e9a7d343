package io.ltvstream.scorer.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's last step vectors, oldest first, as raw (unnormalized) floats: what a new model version
 * replays to rebuild the user's recurrent state. Binary form: capacity, count, step size, then the
 * floats of each step oldest first.
 *
 * <p>The instance holds that binary form itself: every scored event decodes, appends to and
 * re-encodes a user's steps, and only a model swap reads them as floats. So an append is one array
 * copy, and decoding and encoding copy nothing.
 */
public final class RecentSteps {
  private static final int HEADER_BYTES = 12;

  private final int capacity;
  private final int stepSize;
  private int count;
  private byte[] bytes;

  public RecentSteps(int capacity, int stepSize) {
    this(capacity, stepSize, 0, header(capacity, 0, stepSize));
  }

  private RecentSteps(int capacity, int stepSize, int count, byte[] bytes) {
    this.capacity = capacity;
    this.stepSize = stepSize;
    this.count = count;
    this.bytes = bytes;
  }

  /** Appends {@code step}, dropping the oldest when full. */
  public void append(float[] step) {
    if (step.length != stepSize) {
      throw new IllegalArgumentException("step of " + step.length + " floats, expected " + stepSize);
    }
    int kept = Math.min(count, capacity - 1);
    byte[] next = newest(bytes, count, kept, capacity, stepSize, 1);
    ByteBuffer out = ByteBuffer.wrap(next).position(HEADER_BYTES + 4 * stepSize * kept);
    for (float v : step) {
      out.putFloat(v);
    }
    bytes = next;
    count = kept + 1;
  }

  /** Copies of the steps, oldest first. */
  public List<float[]> steps() {
    ByteBuffer in = ByteBuffer.wrap(bytes).position(HEADER_BYTES);
    List<float[]> steps = new ArrayList<>(count);
    for (int s = 0; s < count; s++) {
      float[] step = new float[stepSize];
      for (int i = 0; i < stepSize; i++) {
        step[i] = in.getFloat();
      }
      steps.add(step);
    }
    return steps;
  }

  public int size() {
    return count;
  }

  /** The binary form; the array is this instance's own, to be written and not changed. */
  public byte[] encode() {
    return bytes;
  }

  /**
   * Decodes, taking ownership of {@code bytes}; a capacity other than {@code capacity} (the setting
   * changed) keeps the newest steps that fit.
   */
  public static RecentSteps decode(byte[] bytes, int capacity) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int storedCapacity = in.getInt();
    int count = in.getInt();
    int stepSize = in.getInt();
    if (count < 0 || stepSize < 0 || in.remaining() != 4L * count * stepSize) {
      throw new IllegalArgumentException("recent steps of " + bytes.length
          + " bytes do not hold " + count + " steps of " + stepSize + " floats");
    }
    if (storedCapacity == capacity && count <= capacity) {
      return new RecentSteps(capacity, stepSize, count, bytes);
    }
    int kept = Math.min(count, capacity);
    return new RecentSteps(capacity, stepSize, kept, newest(bytes, count, kept, capacity, stepSize, 0));
  }

  /**
   * A binary form holding the newest {@code kept} of the {@code count} steps in {@code from}, oldest
   * first, and room for {@code extra} more after them (counted in its header).
   */
  private static byte[] newest(byte[] from, int count, int kept, int capacity, int stepSize, int extra) {
    byte[] to = header(capacity, kept + extra, stepSize);
    System.arraycopy(from, HEADER_BYTES + 4 * stepSize * (count - kept), to, HEADER_BYTES, 4 * stepSize * kept);
    return to;
  }

  /** A binary form with room for {@code count} steps, its header filled in. */
  private static byte[] header(int capacity, int count, int stepSize) {
    byte[] bytes = new byte[HEADER_BYTES + 4 * stepSize * count];
    ByteBuffer.wrap(bytes).putInt(capacity).putInt(count).putInt(stepSize);
    return bytes;
  }
}
