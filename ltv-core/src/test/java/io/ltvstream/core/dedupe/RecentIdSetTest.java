package io.ltvstream.core.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentIdSetTest {
  /** Against a plain FIFO model, with ids crowded into few table slots so that deletions shift chains. */
  @Test
  void behavesAsAFifoSetThroughGrowthEvictionAndCollidingSlots() {
    Random random = new Random(7);
    RecentIdSet set = new RecentIdSet(3000, 0);
    ArrayDeque<Long> order = new ArrayDeque<>();
    Set<Long> model = new HashSet<>();
    long evicted = 0;
    for (int step = 0; step < 200_000; step++) {
      // Low bits from a small range: many ids share a home slot, as an adversary would arrange.
      long id = ((long) random.nextInt(6000) << 32) | (random.nextInt(64) + 1);
      assertThat(set.contains(id)).isEqualTo(model.contains(id));
      if (!model.contains(id)) {
        if (model.size() == 3000) {
          model.remove(order.removeFirst());
          evicted++;
        }
        set.add(id, 0);
        model.add(id);
        order.addLast(id);
      }
    }
    assertThat(set.size()).isEqualTo(model.size());
    assertThat(set.evicted()).isEqualTo(evicted).isPositive();
    for (long id : order) {
      assertThat(set.contains(id)).isTrue();
    }
  }

  @Test
  void expiresByArrivalTimeInOrder() {
    RecentIdSet set = new RecentIdSet(10, 100);
    set.add(1, 0);
    set.add(2, 50);
    set.add(3, 99);
    set.expire(150);
    assertThat(set.contains(1)).isFalse();
    assertThat(set.contains(2)).isFalse();
    assertThat(set.contains(3)).isTrue();
    assertThat(set.expired()).isEqualTo(2);
  }
}
