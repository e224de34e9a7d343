package io.ltvstream.core.clv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Frequency, recency and age of a set of customers, aggregated: one row per distinct
 * {@code (x, t_x, T)} with the number of customers who share it as its weight. The likelihoods
 * are sums over customers, so summing over rows with weights gives the same value with fewer
 * evaluations (on CDNOW most customers never repeat and share a handful of rows).
 */
public final class RfmTable {
  private final int[] frequency;
  private final double[] recency;
  private final double[] age;
  private final double[] weight;
  private final int customers;
  // Distinct times, and distinct (x, time) points: a likelihood evaluates what depends only on
  // them once per call instead of once per row (CDNOW master: 8,685 rows, 2,149 points).
  private final double[] times;
  private final int[] recencyTime;
  private final int[] ageTime;
  private final int[] pointFrequency;
  private final int[] pointTime;
  private final int[] recencyPoint;
  private final int[] agePoint;

  private RfmTable(int[] frequency, double[] recency, double[] age, double[] weight, int customers) {
    this.frequency = frequency;
    this.recency = recency;
    this.age = age;
    this.weight = weight;
    this.customers = customers;
    int n = frequency.length;
    double[] all = new double[2 * n];
    System.arraycopy(recency, 0, all, 0, n);
    System.arraycopy(age, 0, all, n, n);
    this.times = Arrays.stream(all).sorted().distinct().toArray();
    this.recencyTime = new int[n];
    this.ageTime = new int[n];
    this.recencyPoint = new int[n];
    this.agePoint = new int[n];
    Map<Long, Integer> points = new HashMap<>();
    for (int i = 0; i < n; i++) {
      recencyTime[i] = Arrays.binarySearch(times, recency[i]);
      ageTime[i] = Arrays.binarySearch(times, age[i]);
      recencyPoint[i] = points.computeIfAbsent(point(frequency[i], recencyTime[i]),
          k -> points.size());
      agePoint[i] = points.computeIfAbsent(point(frequency[i], ageTime[i]), k -> points.size());
    }
    this.pointFrequency = new int[points.size()];
    this.pointTime = new int[points.size()];
    points.forEach((key, index) -> {
      pointFrequency[index] = (int) (key >>> 32);
      pointTime[index] = (int) (long) key;
    });
  }

  private static long point(int x, int timeIndex) {
    return ((long) x << 32) | timeIndex;
  }

  /**
   * @param frequency x per customer: repeat transactions
   * @param recency t_x per customer, in the model's time unit
   * @param age T per customer, same unit
   */
  public static RfmTable of(int[] frequency, double[] recency, double[] age) {
    if (frequency.length != recency.length || frequency.length != age.length) {
      throw new IllegalArgumentException("frequency, recency and age must have one value per "
          + "customer: got " + frequency.length + ", " + recency.length + ", " + age.length);
    }
    Map<Row, Integer> rows = new HashMap<>();
    for (int i = 0; i < frequency.length; i++) {
      int x = frequency[i];
      if (x < 0 || !(recency[i] >= 0) || !(age[i] >= recency[i])) {
        throw new IllegalArgumentException("customer " + i + ": need x >= 0 and 0 <= t_x <= T,"
            + " got x=" + x + ", t_x=" + recency[i] + ", T=" + age[i]);
      }
      rows.merge(new Row(x, x == 0 ? 0 : recency[i], age[i]), 1, Integer::sum);
    }
    int n = rows.size();
    int[] xs = new int[n];
    double[] txs = new double[n];
    double[] ts = new double[n];
    double[] ws = new double[n];
    int k = 0;
    for (Map.Entry<Row, Integer> e : rows.entrySet().stream()
        .sorted(Map.Entry.comparingByKey()).toList()) {
      xs[k] = e.getKey().x;
      txs[k] = e.getKey().tx;
      ts[k] = e.getKey().age;
      ws[k] = e.getValue();
      k++;
    }
    return new RfmTable(xs, txs, ts, ws, frequency.length);
  }

  /** Number of distinct rows. */
  public int rows() {
    return frequency.length;
  }

  /** Number of customers (sum of the weights). */
  public int customers() {
    return customers;
  }

  public int frequency(int row) {
    return frequency[row];
  }

  public double recency(int row) {
    return recency[row];
  }

  public double age(int row) {
    return age[row];
  }

  /** Customers sharing this row. */
  public double weight(int row) {
    return weight[row];
  }

  /** Distinct values of t_x and T, ascending. */
  double[] times() {
    return times;
  }

  /** Index in {@link #times()} of a row's t_x. */
  int recencyTime(int row) {
    return recencyTime[row];
  }

  /** Index in {@link #times()} of a row's T. */
  int ageTime(int row) {
    return ageTime[row];
  }

  /** Number of distinct (x, time) points. */
  int points() {
    return pointFrequency.length;
  }

  int pointFrequency(int point) {
    return pointFrequency[point];
  }

  /** Index in {@link #times()} of a point's time. */
  int pointTime(int point) {
    return pointTime[point];
  }

  /** The point (x, t_x) of a row. */
  int recencyPoint(int row) {
    return recencyPoint[row];
  }

  /** The point (x, T) of a row. */
  int agePoint(int row) {
    return agePoint[row];
  }

  /** Largest frequency in the table. */
  public int maxFrequency() {
    int max = 0;
    for (int x : frequency) {
      max = Math.max(max, x);
    }
    return max;
  }

  /** Customer-weighted means of x and T, for data-scaled starting points. */
  double meanFrequency() {
    double total = 0;
    for (int i = 0; i < frequency.length; i++) {
      total += weight[i] * frequency[i];
    }
    return total / customers;
  }

  double meanAge() {
    double total = 0;
    for (int i = 0; i < age.length; i++) {
      total += weight[i] * age[i];
    }
    return total / customers;
  }

  private record Row(int x, double tx, double age) implements Comparable<Row> {
    @Override
    public int compareTo(Row o) {
      int c = Integer.compare(x, o.x);
      if (c == 0) {
        c = Double.compare(tx, o.tx);
      }
      return c != 0 ? c : Double.compare(age, o.age);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Row r && x == r.x && Double.compare(tx, r.tx) == 0
          && Double.compare(age, r.age) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(x, tx, age);
    }
  }
}
