package io.ltvstream.core.dedupe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Remembers the event ids seen within a window of event time and says whether an event is new.
 *
 * <p>The window trails the latest event time seen (the watermark): ids of events older than
 * {@code watermark - window} expire. At most {@code maxEvents} ids are kept; when more arrive, the
 * ids of the oldest events are evicted early and {@link Stats#evicted() counted}, since a duplicate
 * of an evicted event can no longer be caught. An event older than the window is let through
 * (nothing remembers that far back) and counted as {@link Stats#lateUnchecked() late}.
 *
 * <p>Checks happen in {@link Batch batches}: a batch sees the remembered ids plus its own, and only
 * {@link Batch#commit()} makes its ids part of the window. A batch may name an owner (a NiFi
 * FlowFile uuid): ids remembered for the same owner do not count as duplicates, so a unit of work
 * that is retried after a rollback finds its own ids and not duplicates. Thread-safe; concurrent
 * batches must not overlap in ids if exactness matters.
 */
public final class EventDeduplicator {
  private final long windowMillis;
  private final int maxEvents;
  private final Map<String, Entry> seen = new HashMap<>();
  private final PriorityQueue<Entry> byTime = new PriorityQueue<>();
  private long watermark = Long.MIN_VALUE;
  private long expired;
  private long evicted;
  private long lateUnchecked;

  /**
   * @param window how far back in event time duplicates are caught
   * @param maxEvents most ids remembered at once (memory bound, roughly 150 bytes an id)
   */
  public EventDeduplicator(Duration window, int maxEvents) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the dedupe window must be positive, not " + window);
    }
    if (maxEvents < 1) {
      throw new IllegalArgumentException("the dedupe memory bound must be at least 1 event, not " + maxEvents);
    }
    this.windowMillis = window.toMillis();
    this.maxEvents = maxEvents;
  }

  /** What a check found. */
  public enum Verdict {
    UNIQUE,
    DUPLICATE
  }

  /** Counters since creation. */
  public record Stats(int remembered, long expired, long evicted, long lateUnchecked) {}

  /** A batch without an owner: every remembered id is a duplicate. */
  public Batch begin() {
    return new Batch(null);
  }

  /** A batch whose own earlier claims (same owner) are not duplicates. */
  public Batch begin(String owner) {
    return new Batch(owner);
  }

  /** Checks and remembers one event at once (a batch of one). */
  public Verdict check(String eventId, long eventTimeMillis) {
    Batch batch = begin();
    Verdict verdict = batch.check(eventId, eventTimeMillis);
    batch.commit();
    return verdict;
  }

  public synchronized Stats stats() {
    return new Stats(seen.size(), expired, evicted, lateUnchecked);
  }

  private synchronized boolean rememberedForOther(String eventId, String owner) {
    Entry entry = seen.get(eventId);
    return entry != null && (owner == null || !owner.equals(entry.owner));
  }

  private synchronized long horizon() {
    return watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - windowMillis;
  }

  private synchronized void commit(List<Entry> entries, long lateCount) {
    lateUnchecked += lateCount;
    for (Entry entry : entries) {
      if (!seen.containsKey(entry.eventId)) {
        seen.put(entry.eventId, entry);
        byTime.add(entry);
      }
      watermark = Math.max(watermark, entry.eventTime);
    }
    long horizon = watermark - windowMillis;
    while (!byTime.isEmpty() && byTime.peek().eventTime < horizon) {
      seen.remove(byTime.poll().eventId);
      expired++;
    }
    while (seen.size() > maxEvents) {
      seen.remove(byTime.poll().eventId);
      evicted++;
    }
  }

  /** Checks of one unit of work; see the class comment. Not thread-safe itself. */
  public final class Batch {
    private final String owner;
    private final Set<String> ids = new HashSet<>();
    private final List<Entry> entries = new ArrayList<>();
    private long late;
    private boolean committed;

    private Batch(String owner) {
      this.owner = owner;
    }

    public Verdict check(String eventId, long eventTimeMillis) {
      if (committed) {
        throw new IllegalStateException("batch already committed");
      }
      if (ids.contains(eventId) || rememberedForOther(eventId, owner)) {
        return Verdict.DUPLICATE;
      }
      ids.add(eventId);
      if (eventTimeMillis < horizon()) {
        late++;
        return Verdict.UNIQUE;
      }
      entries.add(new Entry(eventId, eventTimeMillis, owner));
      return Verdict.UNIQUE;
    }

    /** Makes this batch's unique ids part of the window. */
    public void commit() {
      if (!committed) {
        committed = true;
        EventDeduplicator.this.commit(entries, late);
      }
    }
  }

  private record Entry(String eventId, long eventTime, String owner) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry other) {
      return Long.compare(eventTime, other.eventTime);
    }
  }
}
