package io.ltvstream.core.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Big-endian reads and writes at a moving position in a byte array (the layout a {@link
 * java.nio.ByteBuffer} gives), reusable across arrays, so coding a state allocates no buffer
 * object. Reading or writing past the end throws {@link IndexOutOfBoundsException}.
 */
final class ByteCursor {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] bytes;
  private int position;

  /** Starts at the beginning of {@code array}. */
  ByteCursor on(byte[] array) {
    bytes = array;
    position = 0;
    return this;
  }

  /** Forgets the array, so a reused cursor keeps no value alive. */
  void release() {
    bytes = null;
  }

  int remaining() {
    return bytes.length - position;
  }

  byte get() {
    return bytes[position++];
  }

  short getShort() {
    short v = (short) SHORT.get(bytes, position);
    position += 2;
    return v;
  }

  char getChar() {
    return (char) getShort();
  }

  int getInt() {
    int v = (int) INT.get(bytes, position);
    position += 4;
    return v;
  }

  long getLong() {
    long v = (long) LONG.get(bytes, position);
    position += 8;
    return v;
  }

  float getFloat() {
    return Float.intBitsToFloat(getInt());
  }

  double getDouble() {
    return Double.longBitsToDouble(getLong());
  }

  /** Whether the next {@code length} bytes equal {@code expected}; the position stays. */
  boolean nextEquals(byte[] expected, int length) {
    return expected.length == length && Arrays.equals(bytes, position, position + length, expected, 0, length);
  }

  /** Skips {@code length} bytes. */
  void skip(int length) {
    Objects.checkFromIndexSize(position, length, bytes.length);
    position += length;
  }

  /** Reads {@code length} bytes as UTF-8. */
  String getUtf8(int length) {
    String s = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return s;
  }

  ByteCursor put(byte v) {
    bytes[position++] = v;
    return this;
  }

  ByteCursor put(byte[] v) {
    System.arraycopy(v, 0, bytes, position, v.length);
    position += v.length;
    return this;
  }

  ByteCursor putShort(short v) {
    SHORT.set(bytes, position, v);
    position += 2;
    return this;
  }

  ByteCursor putChar(char v) {
    return putShort((short) v);
  }

  ByteCursor putInt(int v) {
    INT.set(bytes, position, v);
    position += 4;
    return this;
  }

  ByteCursor putLong(long v) {
    LONG.set(bytes, position, v);
    position += 8;
    return this;
  }

  ByteCursor putFloat(float v) {
    return putInt(Float.floatToRawIntBits(v));
  }

  ByteCursor putDouble(double v) {
    return putLong(Double.doubleToRawLongBits(v));
  }
}
