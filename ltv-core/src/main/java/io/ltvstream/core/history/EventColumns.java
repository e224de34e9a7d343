package io.ltvstream.core.history;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A history's events as primitive columns: per event its user (an index into {@link #userId}),
 * time, type and base amount, which the cohort split and the customer-base models read, and what
 * it takes to give the event back as an {@link EngineeredEvent} ({@link #event}) for the network,
 * which reads per-event features of the users it samples and scores.
 *
 * <p>Two kinds: {@link #cdnow} keeps a CDNOW row's few fields (about 40 bytes an event instead
 * of the 350 of a held {@code EngineeredEvent}: a million customers' ten million rows fit in a
 * few hundred MB) and builds the event again, the same as {@link CdnowReader#read} does, each
 * time it is asked; {@link #of} holds the given events themselves (any format, any fields).
 */
public final class EventColumns {
  private static final EventType[] TYPES = EventType.values();
  private static final long DAY_MILLIS = 86_400_000L;

  private final List<String> userIds;
  private final int size;
  private final int[] user;
  private final long[] time;
  private final byte[] type;
  private final double[] amount;
  /** The events themselves ({@link #of}), or null. */
  private final EngineeredEvent[] held;
  /** CDNOW rows ({@link #cdnow}): the file name, and per row its CDs, line and same-day number. */
  private final String source;
  private final int[] quantity;
  private final long[] line;
  private final int[] sameDayRow;

  private EventColumns(List<String> userIds, int size, int[] user, long[] time, byte[] type,
      double[] amount, EngineeredEvent[] held, String source, int[] quantity, long[] line,
      int[] sameDayRow) {
    this.userIds = userIds;
    this.size = size;
    this.user = user;
    this.time = time;
    this.type = type;
    this.amount = amount;
    this.held = held;
    this.source = source;
    this.quantity = quantity;
    this.line = line;
    this.sameDayRow = sameDayRow;
  }

  /** Columns over the given events, in their order, holding them. */
  public static EventColumns of(Iterable<EngineeredEvent> events) {
    Map<String, Integer> users = new HashMap<>();
    List<String> userIds = new ArrayList<>();
    List<EngineeredEvent> all = new ArrayList<>();
    for (EngineeredEvent event : events) {
      all.add(event);
    }
    int n = all.size();
    int[] user = new int[n];
    long[] time = new long[n];
    byte[] type = new byte[n];
    double[] amount = new double[n];
    for (int i = 0; i < n; i++) {
      EngineeredEvent event = all.get(i);
      user[i] = users.computeIfAbsent(event.getUserId(), id -> {
        userIds.add(id);
        return userIds.size() - 1;
      });
      time[i] = event.getEventTime().toEpochMilli();
      type[i] = (byte) event.getEventType().ordinal();
      amount[i] = event.getAmountBase();
    }
    return new EventColumns(List.copyOf(userIds), n, user, time, type, amount,
        all.toArray(new EngineeredEvent[0]), null, null, null, null);
  }

  /** Columns of CDNOW rows, appended as {@link CdnowReader} parses them. */
  static CdnowBuilder cdnow(String source) {
    return new CdnowBuilder(source);
  }

  /** Number of events. */
  public int size() {
    return size;
  }

  /** Number of distinct users; users are numbered from 0 in order of first appearance. */
  public int users() {
    return userIds.size();
  }

  /** The id of user number {@code user}. */
  public String userId(int user) {
    return userIds.get(user);
  }

  /** The user number of event {@code i}. */
  public int user(int i) {
    return user[i];
  }

  /** Event {@code i}'s time, epoch milliseconds. */
  public long timeMillis(int i) {
    return time[i];
  }

  /** Event {@code i}'s UTC day, epoch day. */
  public long epochDay(int i) {
    return Math.floorDiv(time[i], DAY_MILLIS);
  }

  /** The UTC day of the latest event, epoch day; the columns must not be empty. */
  public long lastEpochDay() {
    if (size == 0) {
      throw new IllegalStateException("no events");
    }
    long last = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      last = Math.max(last, time[i]);
    }
    return Math.floorDiv(last, DAY_MILLIS);
  }

  public EventType type(int i) {
    return TYPES[type[i]];
  }

  /** Event {@code i}'s amount in the base currency. */
  public double amountBase(int i) {
    return amount[i];
  }

  /**
   * Event {@code i} as an {@link EngineeredEvent}: the held one, or a CDNOW row's built again
   * (a new object, equal to the one {@link CdnowReader#read} gives, on each call).
   */
  public EngineeredEvent event(int i) {
    if (held != null) {
      return held[i];
    }
    return CdnowReader.event(userIds.get(user[i]), epochDay(i), quantity[i], amount[i],
        sameDayRow[i], source, line[i]);
  }

  /** The events at {@code indices}, in that order, as new columns of the same users. */
  public EventColumns select(int[] indices) {
    int n = indices.length;
    int[] u = new int[n];
    long[] t = new long[n];
    byte[] k = new byte[n];
    double[] a = new double[n];
    for (int j = 0; j < n; j++) {
      int i = indices[j];
      u[j] = user[i];
      t[j] = time[i];
      k[j] = type[i];
      a[j] = amount[i];
    }
    if (held != null) {
      EngineeredEvent[] h = new EngineeredEvent[n];
      for (int j = 0; j < n; j++) {
        h[j] = held[indices[j]];
      }
      return new EventColumns(userIds, n, u, t, k, a, h, null, null, null, null);
    }
    int[] q = new int[n];
    long[] l = new long[n];
    int[] r = new int[n];
    for (int j = 0; j < n; j++) {
      int i = indices[j];
      q[j] = quantity[i];
      l[j] = line[i];
      r[j] = sameDayRow[i];
    }
    return new EventColumns(userIds, n, u, t, k, a, null, source, q, l, r);
  }

  /** Events {@code [from, to)} as an unmodifiable list, each built on access ({@link #event}). */
  public Slice slice(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("events [" + from + ", " + to + ") of " + size);
    }
    return new Slice(this, from, to);
  }

  /**
   * Consecutive events of columns as a list that holds no event: {@link #get} gives {@link
   * #event} of the columns, a new object on each call for CDNOW rows. What a million users'
   * histories are handed around as.
   */
  public static final class Slice extends AbstractList<EngineeredEvent> implements RandomAccess {
    private final EventColumns columns;
    private final int from;
    private final int to;

    private Slice(EventColumns columns, int from, int to) {
      this.columns = columns;
      this.from = from;
      this.to = to;
    }

    @Override
    public EngineeredEvent get(int index) {
      if (index < 0 || index >= to - from) {
        throw new IndexOutOfBoundsException("event " + index + " of " + (to - from));
      }
      return columns.event(from + index);
    }

    @Override
    public int size() {
      return to - from;
    }
  }

  /** Appends CDNOW rows to growing columns. */
  static final class CdnowBuilder {
    private final String source;
    private int size;
    private int[] user = new int[1024];
    private long[] time = new long[1024];
    private byte[] type = new byte[1024];
    private double[] amount = new double[1024];
    private int[] quantity = new int[1024];
    private long[] line = new long[1024];
    private int[] sameDayRow = new int[1024];

    private CdnowBuilder(String source) {
      this.source = source;
    }

    void add(int userNumber, long epochDay, int cds, double dollars, int row, long lineNumber) {
      if (size == user.length) {
        int capacity = size + (size >> 1);
        user = Arrays.copyOf(user, capacity);
        time = Arrays.copyOf(time, capacity);
        type = Arrays.copyOf(type, capacity);
        amount = Arrays.copyOf(amount, capacity);
        quantity = Arrays.copyOf(quantity, capacity);
        line = Arrays.copyOf(line, capacity);
        sameDayRow = Arrays.copyOf(sameDayRow, capacity);
      }
      user[size] = userNumber;
      time[size] = epochDay * DAY_MILLIS;
      type[size] = (byte) CdnowReader.type(dollars).ordinal();
      amount[size] = dollars;
      quantity[size] = cds;
      line[size] = lineNumber;
      sameDayRow[size] = row;
      size++;
    }

    int size() {
      return size;
    }

    /** The columns, over the arrays as grown (not copied again: they are a million customers' worth). */
    EventColumns build(List<String> userIds) {
      return new EventColumns(List.copyOf(userIds), size, user, time, type, amount, null, source,
          quantity, line, sameDayRow);
    }
  }
}
