package io.ltvstream.core.dedupe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Says whether an event id was seen before. Ids are remembered by arrival, not by event time: an event
 * is checked whatever its timestamp, so a re-sent old event is caught and a far-future one forgets
 * nothing. Memory is bounded by a count of ids ({@link #DEFAULT_MAX_IDS} fit in about 214 MB); when it
 * is full the oldest id is forgotten and {@link Stats#evicted() counted}. An optional time-to-live, on
 * processing time, forgets ids that arrived longer ago ({@link Stats#expired()}).
 *
 * <p>Ids are kept as 64-bit SipHash values under a random key of this instance: two distinct ids are
 * taken for one with probability about n / 2^64 when n ids are remembered (5 x 10^-13 at ten million).
 *
 * <p>A unit of work that may be rolled back checks in a {@link Batch}: its ids count for every check
 * from the moment they are seen, but are remembered only when it {@link Batch#commit() commits}; an
 * {@link Batch#abandon() abandoned} batch leaves no trace. Thread-safe.
 */
public final class EventDeduplicator {
  /** The default bound: ten million ids. */
  public static final int DEFAULT_MAX_IDS = 10_000_000;

  private final RecentIdSet remembered;
  private final SipHash hash = SipHash.withRandomKey();
  private final LongSupplier clock;
  private final Set<Batch> open = new LinkedHashSet<>();

  /**
   * @param maxIds most ids remembered at once
   * @param timeToLive how long an id is remembered after it arrived; {@link Duration#ZERO} for as long as
   *     room allows
   * @param clock processing time in epoch milliseconds
   */
  public EventDeduplicator(int maxIds, Duration timeToLive, LongSupplier clock) {
    if (maxIds < 1) {
      throw new IllegalArgumentException("the dedupe bound must be at least 1 id, not " + maxIds);
    }
    if (timeToLive.isNegative()) {
      throw new IllegalArgumentException("the dedupe time-to-live must not be negative, not " + timeToLive);
    }
    this.remembered = new RecentIdSet(maxIds, timeToLive.toMillis());
    this.clock = clock;
  }

  /** Remembers up to {@code maxIds} ids, without a time-to-live. */
  public EventDeduplicator(int maxIds) {
    this(maxIds, Duration.ZERO, System::currentTimeMillis);
  }

  /** What a check found. */
  public enum Verdict {
    UNIQUE,
    DUPLICATE
  }

  /** Ids remembered now, and forgotten so far to make room or by time-to-live. */
  public record Stats(int remembered, long evicted, long expired) {}

  /** Checks one id and remembers it at once. */
  public synchronized Verdict check(String eventId) {
    long id = idOf(eventId);
    remembered.expire(clock.getAsLong());
    if (remembered.contains(id) || inOpenBatch(id)) {
      return Verdict.DUPLICATE;
    }
    remembered.add(id, clock.getAsLong());
    return Verdict.UNIQUE;
  }

  /** A batch whose ids are remembered only if it commits. */
  public synchronized Batch begin() {
    Batch batch = new Batch();
    open.add(batch);
    return batch;
  }

  public synchronized Stats stats() {
    return new Stats(remembered.size(), remembered.evicted(), remembered.expired());
  }

  private long idOf(String eventId) {
    long id = hash.hash(eventId);
    // 0 marks an empty slot; folding it onto 1 costs one more collision in 2^64.
    return id == 0 ? 1 : id;
  }

  private boolean inOpenBatch(long id) {
    for (Batch batch : open) {
      if (batch.ids.contains(id)) {
        return true;
      }
    }
    return false;
  }

  private synchronized Verdict check(Batch batch, String eventId) {
    if (!open.contains(batch)) {
      throw new IllegalStateException("the batch is already committed or abandoned");
    }
    long id = idOf(eventId);
    remembered.expire(clock.getAsLong());
    if (remembered.contains(id) || inOpenBatch(id)) {
      return Verdict.DUPLICATE;
    }
    batch.ids.add(id);
    batch.order.add(id);
    return Verdict.UNIQUE;
  }

  private synchronized void close(Batch batch, boolean commit) {
    if (open.remove(batch) && commit) {
      long now = clock.getAsLong();
      remembered.expire(now);
      for (long id : batch.order) {
        if (!remembered.contains(id)) {
          remembered.add(id, now);
        }
      }
    }
  }

  /** The checks of one unit of work; see the class comment. */
  public final class Batch {
    private final Set<Long> ids = new HashSet<>();
    private final List<Long> order = new ArrayList<>();

    private Batch() {}

    /** UNIQUE unless the id is remembered, in an open batch, or already in this one. */
    public Verdict check(String eventId) {
      return EventDeduplicator.this.check(this, eventId);
    }

    /** Remembers this batch's ids; later calls do nothing. */
    public void commit() {
      close(this, true);
    }

    /** Forgets this batch's ids, as if it never ran; later calls do nothing. */
    public void abandon() {
      close(this, false);
    }
  }
}
