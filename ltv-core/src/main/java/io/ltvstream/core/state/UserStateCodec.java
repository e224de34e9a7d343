package io.ltvstream.core.state;

import java.nio.charset.StandardCharsets;

/**
 * Compact binary form of a {@link UserState}, the scorer's one value per user: fixed-width fields,
 * floats for the windows and the recurrent state, {@value #FIXED_BYTES} bytes plus the model
 * version, 8 bytes per recurrent unit, {@value #EVENT_ID_BYTES} per remembered event id, {@value
 * ReplaySteps#BYTES_PER_STEP} per replay step and {@value #OPEN_WINDOW_BYTES} for an open monitoring
 * window (plus its model version when that is not the state's). A 32-unit LSTM with its
 * 17-character version, 32 event ids, 4 replay steps and an open window: 910 bytes.
 *
 * <p>Format 4 adds the monitoring window ({@link MonitoredWindow}) and keeps event ids in 48 bits
 * (6 bytes, not 8). Formats 3, 2 and 1 are read with no open window (the user's next window opens
 * at its next start); format 3's 64-bit ids are folded to the 48 bits {@link RecentEventIds#hash}
 * gives, so its users still know their last events. Format 3 added the recent event ids and the replay steps (which format 2 kept in a store of
 * their own) and stores purchase days as ints. Formats 2 and 1 are read and migrated with no event
 * ids and no replay steps: such a user is rebuilt from nothing if a new model comes before their
 * next events. Format 1 had 4 reserved bytes where format 2 keeps the first purchase day's spend;
 * its first day is taken to have spent the mean of its purchase days, so its m_x stays the mean it
 * was before. Every state is written back as format 4.
 *
 * <p>An instance reuses its cursor and decodes into a given state ({@link #read}), so a scorer
 * task that keeps one state and one codec allocates only the array each stored value needs; the
 * static {@link #encode} and {@link #decode} make both fresh. Not for concurrent use.
 */
public final class UserStateCodec {
  /** First byte of every encoded state; bump on any layout change. */
  public static final byte FORMAT_VERSION = 4;
  /** Format 3: 64-bit event ids and no monitoring window. Read and migrated. */
  static final byte FORMAT_WITHOUT_WINDOW = 3;
  /** Format 2: the state without event ids and replay steps, days as longs. Read and migrated. */
  static final byte FORMAT_WITHOUT_RINGS = 2;
  /** Format 1: as format 2 with 4 reserved bytes for the first day's spend. Read and migrated. */
  static final byte FORMAT_WITHOUT_FIRST_DAY_SPEND = 1;
  static final int FIXED_BYTES = 1 + 2 * 8 + 2 * 4 + 3 * 4 + 2 * 8 + 4
      + WindowBuckets.TOTAL_BUCKETS * 6 + 1 + 2 + 1 + 1 + 4;
  static final int EVENT_ID_BYTES = 6;
  /** An open window beyond its 4-byte start: horizon, 3 floats, p_active as a half, days, version length. */
  static final int OPEN_WINDOW_BYTES = 2 + 4 + 4 + 2 + 4 + 2 + 1;
  private static final int NO_DAY = Integer.MIN_VALUE;

  private static final byte[] NO_BYTES = new byte[0];

  private final ByteCursor cursor = new ByteCursor();

  /**
   * A codec for one thread that reuses its cursor: {@link #write} allocates only the value's
   * array, {@link #read} nothing when the model version is the one the target state already has.
   */
  public UserStateCodec() {}

  /** Encoded size of {@code state}. */
  public static int size(UserState state) {
    return FIXED_BYTES + checkedVersion(state).length + 8 * state.hidden.length
        + EVENT_ID_BYTES * state.recentEventIds.size() + ReplaySteps.BYTES_PER_STEP * state.replaySteps.size()
        + windowBytes(state);
  }

  private static int windowBytes(UserState state) {
    MonitoredWindow window = state.monitoredWindow;
    return window.isOpen() ? OPEN_WINDOW_BYTES + windowVersionBytes(state).length : 0;
  }

  /** The window's model version as stored: nothing when it is the state's (the usual case). */
  private static byte[] windowVersionBytes(UserState state) {
    String version = state.monitoredWindow.modelVersion;
    return version.equals(state.modelVersion) ? NO_BYTES : checked(version.getBytes(StandardCharsets.UTF_8), version);
  }

  public static byte[] encode(UserState state) {
    return new UserStateCodec().write(state);
  }

  /** @throws IllegalArgumentException when the bytes are not an encoded state */
  public static UserState decode(byte[] bytes) {
    UserState state = new UserState();
    new UserStateCodec().read(bytes, state);
    return state;
  }

  /** {@code state} in the current format, in a new array of exactly its size. */
  public byte[] write(UserState state) {
    byte[] version = checkedVersion(state);
    byte[] bytes = new byte[size(state)];
    ByteCursor out = cursor.on(bytes);
    out.put(FORMAT_VERSION);
    out.putLong(state.firstEventMillis).putLong(state.lastEventMillis);
    out.putInt(day(state.firstPurchaseDay)).putInt(day(state.lastPurchaseDay));
    out.putInt(state.purchaseDays).putInt(state.eventCount).putInt(state.refundCount);
    out.putDouble(state.firstPurchaseDaySpend).putDouble(state.purchaseSpend).putFloat(state.refundAmount);
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
    RecentEventIds ids = state.recentEventIds;
    out.put((byte) ids.size());
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      out.putShort((short) (id >>> 32)).putInt((int) id);
    }
    ReplaySteps steps = state.replaySteps;
    out.put((byte) steps.size());
    for (int i = 0; i < steps.size() * ReplaySteps.COMPONENTS; i++) {
      out.putShort(steps.halves[i]);
    }
    MonitoredWindow window = state.monitoredWindow;
    out.putInt(day(window.startDay));
    if (window.isOpen()) {
      byte[] windowVersion = windowVersionBytes(state);
      out.putChar((char) window.horizonDays).putFloat(window.predictedValue)
          .putFloat(window.predictedTransactions).putShort(window.pActiveHalf)
          .putFloat(window.realisedValue).putChar(window.realisedTransactions);
      out.put((byte) windowVersion.length).put(windowVersion);
    }
    cursor.release();
    return bytes;
  }

  /**
   * Decodes {@code bytes} (any format this build reads) into {@code state}, replacing all it held
   * and reusing its arrays.
   *
   * @throws IllegalArgumentException when the bytes are not an encoded state
   */
  public void read(byte[] bytes, UserState state) {
    ByteCursor in = cursor.on(bytes);
    try {
      byte format = in.get();
      if (format < FORMAT_WITHOUT_FIRST_DAY_SPEND || format > FORMAT_VERSION) {
        throw new IllegalArgumentException("Unknown user-state format " + format + " (this build reads "
            + FORMAT_WITHOUT_FIRST_DAY_SPEND + " to " + FORMAT_VERSION + ")");
      }
      boolean current = format >= FORMAT_WITHOUT_WINDOW; // int days, event ids and replay steps
      state.firstEventMillis = in.getLong();
      state.lastEventMillis = in.getLong();
      state.firstPurchaseDay = current ? day(in.getInt()) : in.getLong();
      state.lastPurchaseDay = current ? day(in.getInt()) : in.getLong();
      state.purchaseDays = in.getInt();
      state.eventCount = in.getInt();
      state.refundCount = in.getInt();
      boolean firstDaySpendKept = format != FORMAT_WITHOUT_FIRST_DAY_SPEND;
      double firstPurchaseDaySpend = firstDaySpendKept ? in.getDouble() : in.getInt(); // format 1: reserved
      state.purchaseSpend = in.getDouble();
      state.firstPurchaseDaySpend = firstDaySpendKept ? firstPurchaseDaySpend
          : state.purchaseDays == 0 ? 0 : state.purchaseSpend / state.purchaseDays;
      state.refundAmount = in.getFloat();
      for (int i = 0; i < WindowBuckets.TOTAL_BUCKETS; i++) {
        state.windows.counts[i] = in.getChar();
        state.windows.spend[i] = in.getFloat();
      }
      int versionLength = in.get() & 0xff;
      if (in.nextEquals(state.modelVersionUtf8(), versionLength)) {
        in.skip(versionLength); // the version the state already names: no new string
      } else {
        state.modelVersion = in.getUtf8(versionLength);
      }
      int units = in.getShort();
      if (units < 0) {
        throw new IllegalArgumentException("Negative recurrent size " + units);
      }
      if (state.hidden.length != units) {
        state.hidden = new float[units];
        state.cell = new float[units];
      }
      for (int i = 0; i < units; i++) {
        state.hidden[i] = in.getFloat();
      }
      for (int i = 0; i < units; i++) {
        state.cell[i] = in.getFloat();
      }
      state.recentEventIds.clear();
      state.replaySteps.resize(0);
      if (current) {
        int ids = in.get() & 0xff;
        if (ids > RecentEventIds.CAPACITY) {
          throw new IllegalArgumentException(ids + " event ids in a user state; at most "
              + RecentEventIds.CAPACITY + " are kept");
        }
        for (int i = 0; i < ids; i++) {
          state.recentEventIds.add(format == FORMAT_WITHOUT_WINDOW
              ? RecentEventIds.fold(in.getLong())
              : (long) (in.getShort() & 0xffff) << 32 | (in.getInt() & 0xffffffffL));
        }
        ReplaySteps steps = state.replaySteps;
        steps.resize(in.get() & 0xff);
        for (int i = 0; i < steps.size() * ReplaySteps.COMPONENTS; i++) {
          steps.halves[i] = in.getShort();
        }
      }
      state.monitoredWindow.clear();
      if (format == FORMAT_VERSION) {
        readWindow(in, state);
      }
      if (in.remaining() > 0) {
        throw new IllegalArgumentException(in.remaining() + " unexpected trailing bytes in a user state");
      }
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("Truncated user state (" + bytes.length + " bytes)", e);
    } finally {
      cursor.release();
    }
  }

  private static void readWindow(ByteCursor in, UserState state) {
    MonitoredWindow window = state.monitoredWindow;
    window.startDay = day(in.getInt());
    if (!window.isOpen()) {
      return;
    }
    window.horizonDays = in.getChar();
    if (window.horizonDays == 0) {
      throw new IllegalArgumentException("An open monitoring window of 0 days in a user state");
    }
    window.predictedValue = in.getFloat();
    window.predictedTransactions = in.getFloat();
    window.pActiveHalf = in.getShort();
    window.realisedValue = in.getFloat();
    window.realisedTransactions = in.getChar();
    int versionLength = in.get() & 0xff;
    window.modelVersion = versionLength == 0 ? state.modelVersion : in.getUtf8(versionLength);
  }

  /** An epoch day as stored: days fit an int; {@link UserState#NONE} is {@link #NO_DAY}. */
  private static int day(long day) {
    return day == UserState.NONE ? NO_DAY : Math.toIntExact(day);
  }

  private static long day(int stored) {
    return stored == NO_DAY ? UserState.NONE : stored;
  }

  private static byte[] checkedVersion(UserState state) {
    return checked(state.modelVersionUtf8(), state.modelVersion);
  }

  private static byte[] checked(byte[] version, String modelVersion) {
    if (version.length > 255) {
      throw new IllegalArgumentException("Model version longer than 255 bytes: " + modelVersion);
    }
    return version;
  }
}
