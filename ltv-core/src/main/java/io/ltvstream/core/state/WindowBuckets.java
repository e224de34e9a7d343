package io.ltvstream.core.state;

import java.util.Arrays;

/**
 * Purchase counts and spend in time buckets, one ring of buckets per window, so that the
 * 7/30/90/365-day windows cost a fixed 144 bytes however busy the user is. A window of W days
 * with buckets of G days sums the buckets that overlap the last W days, so it covers between
 * W - G + 1 and W days: 7 days exactly (daily buckets), 30 in 5-day, 90 in 15-day and 365 in
 * 73-day buckets. Buckets are aligned to UTC epoch days; the newest bucket of each ring is the
 * one holding the user's latest event day.
 */
final class WindowBuckets {
  static final int[] WINDOW_DAYS = {7, 30, 90, 365};
  static final int[] BUCKET_DAYS = {1, 5, 15, 73};
  static final int WINDOWS = WINDOW_DAYS.length;
  static final int[] BUCKETS = new int[WINDOWS];
  static final int TOTAL_BUCKETS;

  static {
    int total = 0;
    for (int w = 0; w < WINDOWS; w++) {
      BUCKETS[w] = WINDOW_DAYS[w] / BUCKET_DAYS[w];
      total += BUCKETS[w];
    }
    TOTAL_BUCKETS = total;
  }

  /** Purchase counts, saturating at 65,535 (stored as unsigned 16 bits). */
  final char[] counts = new char[TOTAL_BUCKETS];
  final float[] spend = new float[TOTAL_BUCKETS];

  private static int offset(int window) {
    int offset = 0;
    for (int w = 0; w < window; w++) {
      offset += BUCKETS[w];
    }
    return offset;
  }

  private static final int[] OFFSETS = new int[WINDOWS];

  static {
    for (int w = 0; w < WINDOWS; w++) {
      OFFSETS[w] = offset(w);
    }
  }

  /** Moves every ring forward from the newest day {@code fromDay} to {@code toDay}, clearing expired buckets. */
  /** Every bucket empty. */
  void clear() {
    Arrays.fill(counts, (char) 0);
    Arrays.fill(spend, 0f);
  }

  void advance(long fromDay, long toDay) {
    for (int w = 0; w < WINDOWS; w++) {
      long from = Math.floorDiv(fromDay, BUCKET_DAYS[w]);
      long to = Math.floorDiv(toDay, BUCKET_DAYS[w]);
      long steps = Math.min(to - from, BUCKETS[w]);
      for (long b = to - steps + 1; b <= to; b++) {
        int slot = OFFSETS[w] + (int) Math.floorMod(b, BUCKETS[w]);
        counts[slot] = 0;
        spend[slot] = 0f;
      }
    }
  }

  /** Adds a purchase on {@code day}, where {@code newestDay} is the user's latest event day. */
  void add(long day, long newestDay, double amount) {
    for (int w = 0; w < WINDOWS; w++) {
      long bucket = Math.floorDiv(day, BUCKET_DAYS[w]);
      long newest = Math.floorDiv(newestDay, BUCKET_DAYS[w]);
      if (bucket > newest - BUCKETS[w] && bucket <= newest) {
        int slot = OFFSETS[w] + (int) Math.floorMod(bucket, BUCKETS[w]);
        if (counts[slot] != Character.MAX_VALUE) {
          counts[slot]++;
        }
        spend[slot] += (float) amount;
      }
    }
  }

  /** Whether the daily ring holds a purchase on {@code day}, or null when the day is out of its reach. */
  Boolean purchasedOn(long day, long newestDay) {
    if (day > newestDay || day <= newestDay - BUCKETS[0]) {
      return null;
    }
    return counts[(int) Math.floorMod(day, BUCKETS[0])] > 0;
  }

  int count(int window, long atDay, long newestDay) {
    int sum = 0;
    int g = BUCKET_DAYS[window];
    long newest = Math.floorDiv(newestDay, g);
    long lowest = Math.max(newest, Math.floorDiv(atDay, g)) - BUCKETS[window];
    for (long b = newest; b > lowest && b > newest - BUCKETS[window]; b--) {
      sum += counts[OFFSETS[window] + (int) Math.floorMod(b, BUCKETS[window])];
    }
    return sum;
  }

  double spend(int window, long atDay, long newestDay) {
    double sum = 0;
    int g = BUCKET_DAYS[window];
    long newest = Math.floorDiv(newestDay, g);
    long lowest = Math.max(newest, Math.floorDiv(atDay, g)) - BUCKETS[window];
    for (long b = newest; b > lowest && b > newest - BUCKETS[window]; b--) {
      sum += spend[OFFSETS[window] + (int) Math.floorMod(b, BUCKETS[window])];
    }
    return sum;
  }

  void copyFrom(WindowBuckets other) {
    System.arraycopy(other.counts, 0, counts, 0, TOTAL_BUCKETS);
    System.arraycopy(other.spend, 0, spend, 0, TOTAL_BUCKETS);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowBuckets other && Arrays.equals(counts, other.counts)
        && Arrays.equals(spend, other.spend);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(counts) + Arrays.hashCode(spend);
  }
}
