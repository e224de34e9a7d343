package io.ltvstream.scorer.monitoring;

/**
 * When monitoring windows open and close: back to back, W days long ({@code
 * scorer.monitoring.window}), starting on the UTC epoch days that are multiples of W, so every
 * partition and instance agrees on them without talking. The prediction a window holds is the
 * model's over those W days ({@code LtvModel.predict(state, at, W)}: the value head answers any
 * horizon), so predicted and realised cover the same days.
 */
public final class WindowCalendar {
  static final long DAY_MILLIS = 86_400_000L;
  private final int windowDays;

  public WindowCalendar(int windowDays) {
    if (windowDays < 1) {
      throw new IllegalArgumentException("a window of " + windowDays + " days");
    }
    this.windowDays = windowDays;
  }

  public int windowDays() {
    return windowDays;
  }

  /** The start (an epoch day) of the window holding {@code day}. */
  public long startOf(long day) {
    return Math.floorDiv(day, windowDays) * (long) windowDays;
  }

  /** The first window start (an epoch day) on or after {@code day}. */
  public long firstStartFrom(long day) {
    return Math.ceilDiv(day, windowDays) * (long) windowDays;
  }

  /** Whether a window starts on a day in {@code (afterDay, day]}. */
  public boolean startsBetween(long afterDay, long day) {
    return Math.floorDiv(day, windowDays) != Math.floorDiv(afterDay, windowDays);
  }

  static long dayOf(long millis) {
    return Math.floorDiv(millis, DAY_MILLIS);
  }
}
