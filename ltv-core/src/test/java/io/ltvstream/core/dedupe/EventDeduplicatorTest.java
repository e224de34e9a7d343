package io.ltvstream.core.dedupe;

import static io.ltvstream.core.dedupe.EventDeduplicator.Verdict.DUPLICATE;
import static io.ltvstream.core.dedupe.EventDeduplicator.Verdict.UNIQUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventDeduplicatorTest {
  @Test
  void anIdIsADuplicateHoweverLongAfterItCame() {
    EventDeduplicator dedupe = new EventDeduplicator(100);
    assertThat(dedupe.check("a")).isEqualTo(UNIQUE);
    for (int i = 0; i < 50; i++) {
      dedupe.check("other" + i);
    }
    assertThat(dedupe.check("a")).isEqualTo(DUPLICATE);
    assertThat(dedupe.stats()).isEqualTo(new EventDeduplicator.Stats(51, 0, 0));
  }

  @Test
  void theBoundForgetsTheOldestArrivalFirstAndCountsIt() {
    EventDeduplicator dedupe = new EventDeduplicator(3);
    for (String id : new String[] {"e0", "e1", "e2", "e3", "e4"}) {
      dedupe.check(id);
    }
    assertThat(dedupe.stats().remembered()).isEqualTo(3);
    assertThat(dedupe.stats().evicted()).isEqualTo(2);
    assertThat(dedupe.check("e4")).isEqualTo(DUPLICATE);
    assertThat(dedupe.check("e2")).isEqualTo(DUPLICATE);
    assertThat(dedupe.check("e0")).isEqualTo(UNIQUE);
  }

  @Test
  void aTimeToLiveOnProcessingTimeForgetsOldArrivals() {
    AtomicLong now = new AtomicLong(1_000_000);
    EventDeduplicator dedupe = new EventDeduplicator(100, Duration.ofMinutes(10), now::get);
    dedupe.check("a");
    now.addAndGet(Duration.ofMinutes(6).toMillis());
    dedupe.check("b");
    now.addAndGet(Duration.ofMinutes(5).toMillis());
    assertThat(dedupe.check("b")).isEqualTo(DUPLICATE);
    assertThat(dedupe.check("a")).isEqualTo(UNIQUE);
    assertThat(dedupe.stats().expired()).isEqualTo(1);
    assertThat(dedupe.stats().evicted()).isZero();
  }

  @Test
  void aBatchCountsAtOnceButIsRememberedOnlyWhenItCommits() {
    EventDeduplicator dedupe = new EventDeduplicator(100);
    EventDeduplicator.Batch rolledBack = dedupe.begin();
    assertThat(rolledBack.check("a")).isEqualTo(UNIQUE);
    assertThat(rolledBack.check("a")).isEqualTo(DUPLICATE);
    EventDeduplicator.Batch concurrent = dedupe.begin();
    assertThat(concurrent.check("a")).isEqualTo(DUPLICATE);
    concurrent.abandon();
    rolledBack.abandon();
    assertThat(dedupe.stats().remembered()).isZero();

    EventDeduplicator.Batch retried = dedupe.begin();
    assertThat(retried.check("a")).isEqualTo(UNIQUE);
    retried.commit();
    assertThat(dedupe.check("a")).isEqualTo(DUPLICATE);
    assertThatThrownBy(() -> retried.check("b")).isInstanceOf(IllegalStateException.class);
  }
}
