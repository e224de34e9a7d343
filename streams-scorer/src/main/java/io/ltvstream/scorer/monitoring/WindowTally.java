package io.ltvstream.scorer.monitoring;

import io.ltvstream.core.eval.Metrics;
import io.ltvstream.core.state.MonitoredWindow;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * One window's closed predictions of one model version in one partition: sums that add across
 * partitions (users, predicted and realised value and transactions, the Brier terms) and, for the
 * spend Gini, a bottom-k sample: the {@code capacity} users with the smallest hash rank. Two
 * partitions' samples merge into the sample of their union (keep the k smallest ranks), so a
 * fleet's Gini is computed on a uniform sample of all its users. Closed (final) once its
 * partition's stream time has passed the window's end and its idle users were rolled.
 */
public final class WindowTally {
  private static final byte FORMAT = 1;

  private final long startDay;
  private final int days;
  private final int capacity;
  private boolean closed;
  private int partitions = 1;
  private long users;
  private double predictedValue;
  private double realisedValue;
  private double predictedTransactions;
  private double realisedTransactions;
  private double brierSum;
  private int size;
  private long[] ranks;
  private float[] predicted;
  private float[] realised;

  public WindowTally(long startDay, int days, int capacity) {
    this.startDay = startDay;
    this.days = days;
    this.capacity = capacity;
    this.ranks = new long[capacity];
    this.predicted = new float[capacity];
    this.realised = new float[capacity];
  }

  /** The store key of a window and version: the zero-padded start day sorts windows by time. */
  public static String key(long startDay, String modelVersion) {
    return String.format("%08d/%s", startDay, modelVersion);
  }

  /** The model version of a store key. */
  public static String versionOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  public long startDay() {
    return startDay;
  }

  public long endDay() {
    return startDay + days;
  }

  public boolean closed() {
    return closed;
  }

  public void close() {
    closed = true;
  }

  public long users() {
    return users;
  }

  /** Adds one user's closed window; {@code userHash} ranks them in the sample. */
  public void add(long userHash, MonitoredWindow.Outcome outcome) {
    users++;
    predictedValue += outcome.predictedValue();
    realisedValue += outcome.realisedValue();
    predictedTransactions += outcome.predictedTransactions();
    realisedTransactions += outcome.realisedTransactions();
    brierSum += Metrics.brier(new double[] {outcome.pActive()}, new boolean[] {outcome.active()});
    offer(rank(userHash), (float) outcome.predictedValue(), (float) outcome.realisedValue());
  }

  /** This partial and {@code other}'s (another partition's) together; closed when both are. */
  public WindowTally plus(WindowTally other) {
    if (other.startDay != startDay || other.days != days) {
      throw new IllegalArgumentException("windows differ: day " + startDay + "+" + days + " and "
          + other.startDay + "+" + other.days);
    }
    WindowTally sum = new WindowTally(startDay, days, Math.max(capacity, other.capacity));
    sum.closed = closed && other.closed;
    sum.partitions = partitions + other.partitions;
    sum.users = users + other.users;
    sum.predictedValue = predictedValue + other.predictedValue;
    sum.realisedValue = realisedValue + other.realisedValue;
    sum.predictedTransactions = predictedTransactions + other.predictedTransactions;
    sum.realisedTransactions = realisedTransactions + other.realisedTransactions;
    sum.brierSum = brierSum + other.brierSum;
    for (WindowTally part : new WindowTally[] {this, other}) {
      for (int i = 0; i < part.size; i++) {
        sum.offer(part.ranks[i], part.predicted[i], part.realised[i]);
      }
    }
    return sum;
  }

  /** The window's figures, with the drift flag of {@code drift}. */
  public ClosedWindow figures(String modelVersion, DriftRule drift) {
    double aggregateError = Metrics.aggregateError(new double[] {predictedValue}, new double[] {realisedValue});
    double gini = size < 2 ? Double.NaN : Metrics.normalizedGini(toDoubles(predicted), toDoubles(realised));
    return new ClosedWindow(Instant.ofEpochSecond(startDay * 86_400), Instant.ofEpochSecond(endDay() * 86_400),
        modelVersion, users, predictedValue, realisedValue, aggregateError, predictedTransactions,
        realisedTransactions, users == 0 ? Double.NaN : brierSum / users, gini, size, partitions,
        drift.alerts(users, predictedValue, aggregateError));
  }

  private double[] toDoubles(float[] values) {
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** A user's rank: their hash, mixed (SplitMix64's finalizer) so nearby hashes spread out. */
  private static long rank(long userHash) {
    long z = userHash + 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Keeps the entry if its rank is among the {@code capacity} smallest; ranks stay sorted. */
  private void offer(long rank, float predictedValue, float realisedValue) {
    int at = Arrays.binarySearch(ranks, 0, size, rank);
    if (at >= 0) {
      return; // the same user twice (a replay): counted once in the sample
    }
    at = -at - 1;
    if (at >= capacity) {
      return;
    }
    int moved = Math.min(size, capacity - 1) - at;
    System.arraycopy(ranks, at, ranks, at + 1, moved);
    System.arraycopy(predicted, at, predicted, at + 1, moved);
    System.arraycopy(realised, at, realised, at + 1, moved);
    ranks[at] = rank;
    predicted[at] = predictedValue;
    realised[at] = realisedValue;
    size = Math.min(size + 1, capacity);
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + 4 + 4 + 1 + 4 + 8 + 5 * 8 + 4 + 16 * size);
    out.put(FORMAT).putLong(startDay).putInt(days).putInt(capacity).put((byte) (closed ? 1 : 0))
        .putInt(partitions).putLong(users);
    out.putDouble(predictedValue).putDouble(realisedValue).putDouble(predictedTransactions)
        .putDouble(realisedTransactions).putDouble(brierSum);
    out.putInt(size);
    for (int i = 0; i < size; i++) {
      out.putLong(ranks[i]).putFloat(predicted[i]).putFloat(realised[i]);
    }
    return out.array();
  }

  /** @throws IllegalArgumentException when the bytes are not an encoded tally */
  public static WindowTally decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte format = in.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException("Unknown monitoring-window format " + format);
      }
      WindowTally tally = new WindowTally(in.getLong(), in.getInt(), in.getInt());
      tally.closed = in.get() == 1;
      tally.partitions = in.getInt();
      tally.users = in.getLong();
      tally.predictedValue = in.getDouble();
      tally.realisedValue = in.getDouble();
      tally.predictedTransactions = in.getDouble();
      tally.realisedTransactions = in.getDouble();
      tally.brierSum = in.getDouble();
      int size = in.getInt();
      if (size < 0 || size > tally.capacity) {
        throw new IllegalArgumentException("A monitoring sample of " + size + " users, capacity " + tally.capacity);
      }
      for (int i = 0; i < size; i++) {
        tally.ranks[i] = in.getLong();
        tally.predicted[i] = in.getFloat();
        tally.realised[i] = in.getFloat();
      }
      tally.size = size;
      return tally;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("Truncated monitoring window (" + bytes.length + " bytes)", e);
    }
  }
}
