package io.ltvstream.scorer.monitoring;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Where a task's scan of its users for monitoring stands: one pass over the users per window,
 * spread over the window's daily punctuations, a slice of users each, resumed after the last user
 * rolled. Kept in the task's changelogged {@code monitoring-scan} store, so a restart or a task
 * moving to another instance resumes the pass where it stood: no user is skipped, and rolling a
 * user again changes nothing. Once a pass is complete, every user of the task has been rolled to
 * a time in the window it started in (or later), so the tallies of the windows that ended before
 * that window's start are final.
 *
 * @param startDay the epoch day (of stream time) the pass started on
 * @param cursor the key of the last user rolled, null before the first
 * @param complete whether the pass has rolled every user
 */
public record WindowScan(long startDay, String cursor, boolean complete) {
  private static final byte FORMAT = 1;

  /** A pass starting on {@code day}, from the first user. */
  public static WindowScan startingOn(long day) {
    return new WindowScan(day, null, false);
  }

  /** This pass, resumed after {@code key}. */
  public WindowScan after(String key) {
    return new WindowScan(startDay, key, false);
  }

  /** This pass, done. */
  public WindowScan completed() {
    return new WindowScan(startDay, null, true);
  }

  public byte[] encode() {
    byte[] key = cursor == null ? new byte[0] : cursor.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 8 + 1 + 1 + key.length).put(FORMAT).putLong(startDay)
        .put((byte) (complete ? 1 : 0)).put((byte) (cursor == null ? 0 : 1)).put(key).array();
  }

  /** @throws IllegalArgumentException when the bytes are not an encoded scan */
  public static WindowScan decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte format = in.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException("Unknown monitoring-scan format " + format);
      }
      long startDay = in.getLong();
      boolean complete = in.get() == 1;
      boolean hasCursor = in.get() == 1;
      byte[] key = new byte[in.remaining()];
      in.get(key);
      return new WindowScan(startDay, hasCursor ? new String(key, StandardCharsets.UTF_8) : null, complete);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("Truncated monitoring scan (" + bytes.length + " bytes)", e);
    }
  }
}
