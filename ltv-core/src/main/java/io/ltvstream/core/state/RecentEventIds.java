package io.ltvstream.core.state;

import java.util.Arrays;

/**
 * The 48-bit hashes of a user's last {@value #CAPACITY} applied events: an event whose id is among
 * them was seen before and changes nothing ({@link UpdateOutcome.Kind#DUPLICATE}). A ring, so it
 * costs a fixed 192 bytes however busy the user is. 48 bits make a new event taken for one of the
 * user's last 32 about once in 2^43 events (9e12); 64 bits cost 64 bytes more per user, which the
 * monitoring window needed to keep a user within 1 KB. Event ids are pseudonymised upstream, so the
 * hash needs no key; it only has to be stable across processes, because it is stored.
 */
public final class RecentEventIds {
  /** Ids remembered per user. */
  public static final int CAPACITY = 32;

  private final long[] ring = new long[CAPACITY];
  private int count;
  /** Slot of the next id written; the oldest remembered id is {@code count} slots before it. */
  private int next;

  /** Bits kept of each hash. */
  public static final int HASH_BITS = 48;
  private static final long HASH_MASK = (1L << HASH_BITS) - 1;

  /** 64-bit FNV-1a over the id's UTF-16 code units, folded to {@value #HASH_BITS} bits: stable, allocation-free. */
  public static long hash(CharSequence eventId) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < eventId.length(); i++) {
      hash ^= eventId.charAt(i);
      hash *= 0x100000001b3L;
    }
    return fold(hash);
  }

  /** The kept bits of a 64-bit FNV-1a hash (as format 3 of the codec stored them). */
  static long fold(long hash64) {
    return (hash64 ^ (hash64 >>> HASH_BITS)) & HASH_MASK;
  }

  public boolean contains(long idHash) {
    for (int i = 0; i < count; i++) {
      if (ring[i] == idHash) {
        return true;
      }
    }
    return false;
  }

  /** Remembers {@code idHash}, forgetting the oldest id when full. */
  public void add(long idHash) {
    ring[next] = idHash;
    next = (next + 1) % CAPACITY;
    count = Math.min(count + 1, CAPACITY);
  }

  public int size() {
    return count;
  }

  /** Forgets every id. */
  void clear() {
    count = 0;
    next = 0;
  }

  /** The {@code index}-th remembered hash, oldest first. */
  long get(int index) {
    return ring[Math.floorMod(next - count + index, CAPACITY)];
  }

  void copyFrom(RecentEventIds other) {
    System.arraycopy(other.ring, 0, ring, 0, CAPACITY);
    count = other.count;
    next = other.next;
  }

  private long[] oldestFirst() {
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = get(i);
    }
    return ids;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecentEventIds other && Arrays.equals(oldestFirst(), other.oldestFirst());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(oldestFirst());
  }
}
