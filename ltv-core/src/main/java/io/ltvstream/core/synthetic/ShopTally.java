package io.ltvstream.core.synthetic;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Counts of what a shop stream produced so far: the ground truth to check a pipeline against. */
public final class ShopTally {
  private final EnumMap<RecordKind, Long> byKind = new EnumMap<>(RecordKind.class);
  private final Set<String> users = new HashSet<>();
  private long purchases;
  private long refunds;
  private long engagements;
  private double revenue;

  ShopTally() {
    for (RecordKind kind : RecordKind.values()) {
      byKind.put(kind, 0L);
    }
  }

  void count(ShopRecord record) {
    byKind.merge(record.kind(), 1L, Long::sum);
    if (record.kind() != RecordKind.CLEAN) {
      return;
    }
    users.add(record.event().getUserId());
    switch (record.event().getEventType()) {
      case PURCHASE -> {
        purchases++;
        revenue += record.event().getAmount();
      }
      case REFUND -> {
        refunds++;
        revenue += record.event().getAmount();
      }
      default -> engagements++;
    }
  }

  /** Every raw record: clean + duplicates + dirty. */
  public long raw() {
    return byKind.values().stream().mapToLong(Long::longValue).sum();
  }

  public long count(RecordKind kind) {
    return byKind.get(kind);
  }

  public long clean() {
    return count(RecordKind.CLEAN);
  }

  public long duplicates() {
    return count(RecordKind.DUPLICATE);
  }

  /** Records a cleaning step must reject: invalid timestamps, missing ids and garbage. */
  public long dirty() {
    return count(RecordKind.INVALID_TIMESTAMP) + count(RecordKind.MISSING_ID) + count(RecordKind.GARBAGE);
  }

  public long purchases() {
    return purchases;
  }

  public long refunds() {
    return refunds;
  }

  public long engagements() {
    return engagements;
  }

  /** Net revenue of the clean events (purchases minus refunds), base currency. */
  public double revenue() {
    return revenue;
  }

  /** Users with at least one clean event. */
  public int users() {
    return users.size();
  }

  public Map<RecordKind, Long> byKind() {
    return Map.copyOf(byKind);
  }

  @Override
  public String toString() {
    return "ShopTally" + byKind + " users=" + users.size() + " purchases=" + purchases
        + " refunds=" + refunds + " engagements=" + engagements;
  }
}
