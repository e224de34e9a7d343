package io.ltvstream.core.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Compact binary form of a {@link UserState} for a key-value state store: fixed-width fields,
 * floats for the windows and the recurrent state, about 219 bytes plus the model version and
 * 8 bytes per recurrent unit (475 bytes for a 32-unit LSTM with a 17-character version).
 *
 * <p>Format 2 keeps the first purchase day's spend (RFM's m_x leaves it out) as a double where
 * format 1 had 4 reserved bytes. A format-1 state is read and migrated: its first day is taken to have spent the mean
 * of its purchase days, so its m_x stays the mean it was before; it is written back as format 2.
 */
public final class UserStateCodec {
  /** First byte of every encoded state; bump on any layout change. */
  public static final byte FORMAT_VERSION = 2;
  /** The previous format, read and migrated. */
  static final byte PREVIOUS_FORMAT_VERSION = 1;
  private static final int FIXED_BYTES = 1 + 8 * 4 + 3 * 4 + 8 + 8 + 4
      + WindowBuckets.TOTAL_BUCKETS * 6 + 1 + 2;

  private UserStateCodec() {}

  /** Encoded size of {@code state}. */
  public static int size(UserState state) {
    return FIXED_BYTES + versionBytes(state).length + 8 * state.hidden.length;
  }

  public static byte[] encode(UserState state) {
    byte[] version = versionBytes(state);
    ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + version.length + 8 * state.hidden.length);
    out.put(FORMAT_VERSION);
    out.putLong(state.firstEventMillis).putLong(state.lastEventMillis);
    out.putLong(state.firstPurchaseDay).putLong(state.lastPurchaseDay);
    out.putInt(state.purchaseDays).putInt(state.eventCount).putInt(state.refundCount);
    out.putDouble(state.firstPurchaseDaySpend);
    out.putDouble(state.purchaseSpend).putFloat(state.refundAmount);
    for (int i = 0; i < WindowBuckets.TOTAL_BUCKETS; i++) {
      out.putChar(state.windows.counts[i]).putFloat(state.windows.spend[i]);
    }
    out.put((byte) version.length).put(version);
    out.putShort((short) state.hidden.length);
    for (float h : state.hidden) {
      out.putFloat(h);
    }
    for (float c : state.cell) {
      out.putFloat(c);
    }
    return out.array();
  }

  /** @throws IllegalArgumentException when the bytes are not an encoded state */
  public static UserState decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte format = in.get();
      if (format != FORMAT_VERSION && format != PREVIOUS_FORMAT_VERSION) {
        throw new IllegalArgumentException("Unknown user-state format " + format
            + " (this build reads " + PREVIOUS_FORMAT_VERSION + " and " + FORMAT_VERSION + ")");
      }
      UserState state = new UserState();
      state.firstEventMillis = in.getLong();
      state.lastEventMillis = in.getLong();
      state.firstPurchaseDay = in.getLong();
      state.lastPurchaseDay = in.getLong();
      state.purchaseDays = in.getInt();
      state.eventCount = in.getInt();
      state.refundCount = in.getInt();
      double firstPurchaseDaySpend = format == FORMAT_VERSION ? in.getDouble() : in.getInt(); // format 1: reserved
      state.purchaseSpend = in.getDouble();
      state.firstPurchaseDaySpend = format == FORMAT_VERSION ? firstPurchaseDaySpend
          : state.purchaseDays == 0 ? 0 : state.purchaseSpend / state.purchaseDays;
      state.refundAmount = in.getFloat();
      for (int i = 0; i < WindowBuckets.TOTAL_BUCKETS; i++) {
        state.windows.counts[i] = in.getChar();
        state.windows.spend[i] = in.getFloat();
      }
      byte[] version = new byte[in.get() & 0xff];
      in.get(version);
      state.modelVersion = new String(version, StandardCharsets.UTF_8);
      int units = in.getShort();
      if (units < 0) {
        throw new IllegalArgumentException("Negative recurrent size " + units);
      }
      state.hidden = new float[units];
      state.cell = new float[units];
      for (int i = 0; i < units; i++) {
        state.hidden[i] = in.getFloat();
      }
      for (int i = 0; i < units; i++) {
        state.cell[i] = in.getFloat();
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " unexpected trailing bytes in a user state");
      }
      return state;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("Truncated user state (" + bytes.length + " bytes)", e);
    }
  }

  private static byte[] versionBytes(UserState state) {
    byte[] version = state.modelVersion.getBytes(StandardCharsets.UTF_8);
    if (version.length > 255) {
      throw new IllegalArgumentException("Model version longer than 255 bytes: " + state.modelVersion);
    }
    return version;
  }
}
