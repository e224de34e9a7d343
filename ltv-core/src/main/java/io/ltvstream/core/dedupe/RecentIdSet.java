package io.ltvstream.core.dedupe;

/**
 * A set of 64-bit ids that remembers the most recent {@code capacity} by arrival and forgets the oldest
 * first (FIFO), and, with a time-to-live, those that arrived longer ago than it. Primitive arrays only:
 * an open-addressing table (linear probing, at most 3/4 full) and a ring of the ids in arrival order,
 * both grown on demand up to what the capacity needs. About 21 bytes an id at capacity (8 in the ring,
 * 8 to 16 in the table), 8 more with a time-to-live. Not thread-safe; the id 0 is reserved.
 */
final class RecentIdSet {
  private static final long EMPTY = 0;
  private static final int INITIAL_SLOTS = 1024;

  private final int capacity;
  private final long timeToLiveMillis;
  private long[] slots = new long[INITIAL_SLOTS];
  private long[] ring;
  private long[] arrivals;
  private int head;
  private int size;
  private long evicted;
  private long expired;

  /** @param timeToLiveMillis how long an id is remembered after it arrived; 0 for as long as room allows */
  RecentIdSet(int capacity, long timeToLiveMillis) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the capacity must be at least 1 id, not " + capacity);
    }
    if (timeToLiveMillis < 0) {
      throw new IllegalArgumentException("the time-to-live must not be negative, not " + timeToLiveMillis);
    }
    this.capacity = capacity;
    this.timeToLiveMillis = timeToLiveMillis;
    int ringLength = Math.min(capacity, INITIAL_SLOTS / 2);
    this.ring = new long[ringLength];
    this.arrivals = timeToLiveMillis > 0 ? new long[ringLength] : null;
  }

  int size() {
    return size;
  }

  /** Ids forgotten to make room, a later repeat of which can no longer be caught. */
  long evicted() {
    return evicted;
  }

  /** Ids forgotten because their time-to-live passed. */
  long expired() {
    return expired;
  }

  boolean contains(long id) {
    requireId(id);
    int mask = slots.length - 1;
    for (int i = (int) id & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
      if (slots[i] == id) {
        return true;
      }
    }
    return false;
  }

  /** Adds an id that is not in the set, forgetting the oldest one if the set is full. */
  void add(long id, long nowMillis) {
    requireId(id);
    if (size == capacity) {
      removeOldest();
      evicted++;
    }
    if (size == ring.length) {
      growRing();
    }
    if ((size + 1) * 4L > slots.length * 3L) {
      growSlots();
    }
    insert(id);
    int tail = (head + size) % ring.length;
    ring[tail] = id;
    if (arrivals != null) {
      arrivals[tail] = nowMillis;
    }
    size++;
  }

  /** Forgets the ids whose time-to-live has passed; nothing without a time-to-live. */
  void expire(long nowMillis) {
    if (arrivals == null) {
      return;
    }
    while (size > 0 && nowMillis - arrivals[head] >= timeToLiveMillis) {
      removeOldest();
      expired++;
    }
  }

  private void removeOldest() {
    delete(ring[head]);
    head = (head + 1) % ring.length;
    size--;
  }

  private void insert(long id) {
    int mask = slots.length - 1;
    int i = (int) id & mask;
    while (slots[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    slots[i] = id;
  }

  /** Linear-probing deletion by backward shift, so that no tombstones slow later lookups. */
  private void delete(long id) {
    int mask = slots.length - 1;
    int hole = (int) id & mask;
    while (slots[hole] != id) {
      hole = (hole + 1) & mask;
    }
    slots[hole] = EMPTY;
    for (int j = (hole + 1) & mask; slots[j] != EMPTY; j = (j + 1) & mask) {
      int home = (int) slots[j] & mask;
      boolean staysReachable = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!staysReachable) {
        slots[hole] = slots[j];
        slots[j] = EMPTY;
        hole = j;
      }
    }
  }

  private void growSlots() {
    long[] old = slots;
    slots = new long[old.length * 2];
    for (long id : old) {
      if (id != EMPTY) {
        insert(id);
      }
    }
  }

  private void growRing() {
    int length = (int) Math.min(capacity, ring.length * 2L);
    long[] grown = new long[length];
    long[] grownArrivals = arrivals == null ? null : new long[length];
    for (int i = 0; i < size; i++) {
      int from = (head + i) % ring.length;
      grown[i] = ring[from];
      if (arrivals != null) {
        grownArrivals[i] = arrivals[from];
      }
    }
    ring = grown;
    arrivals = grownArrivals;
    head = 0;
  }

  private static void requireId(long id) {
    if (id == EMPTY) {
      throw new IllegalArgumentException("the id 0 marks an empty slot");
    }
  }
}
