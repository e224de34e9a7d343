package io.ltvstream.core.dedupe;

import static io.ltvstream.core.dedupe.EventDeduplicator.Verdict.DUPLICATE;
import static io.ltvstream.core.dedupe.EventDeduplicator.Verdict.UNIQUE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventDeduplicatorTest {
  private static final long HOUR = 3_600_000L;

  @Test
  void catchesARepeatWithinTheWindow() {
    EventDeduplicator dedupe = new EventDeduplicator(Duration.ofHours(2), 100);
    assertThat(dedupe.check("a", 0)).isEqualTo(UNIQUE);
    assertThat(dedupe.check("b", HOUR)).isEqualTo(UNIQUE);
    assertThat(dedupe.check("a", 0)).isEqualTo(DUPLICATE);
  }

  @Test
  void forgetsIdsOnceTheWatermarkPassesTheWindow() {
    EventDeduplicator dedupe = new EventDeduplicator(Duration.ofHours(2), 100);
    dedupe.check("a", 0);
    dedupe.check("b", 3 * HOUR);
    assertThat(dedupe.stats().expired()).isEqualTo(1);
    assertThat(dedupe.stats().remembered()).isEqualTo(1);
    assertThat(dedupe.check("a", 0)).isEqualTo(UNIQUE);
    assertThat(dedupe.stats().lateUnchecked()).isEqualTo(1);
  }

  @Test
  void memoryIsBoundedAndEvictionsAreCounted() {
    EventDeduplicator dedupe = new EventDeduplicator(Duration.ofDays(365), 3);
    for (int i = 0; i < 10; i++) {
      dedupe.check("e" + i, i * HOUR);
    }
    assertThat(dedupe.stats().remembered()).isEqualTo(3);
    assertThat(dedupe.stats().evicted()).isEqualTo(7);
    assertThat(dedupe.check("e9", 9 * HOUR)).isEqualTo(DUPLICATE);
    assertThat(dedupe.check("e0", 0)).isEqualTo(UNIQUE);
  }

  @Test
  void aBatchSeesItsOwnIdsButLeavesNoTraceUnlessCommitted() {
    EventDeduplicator dedupe = new EventDeduplicator(Duration.ofDays(1), 100);
    EventDeduplicator.Batch rolledBack = dedupe.begin();
    assertThat(rolledBack.check("a", 0)).isEqualTo(UNIQUE);
    assertThat(rolledBack.check("a", 0)).isEqualTo(DUPLICATE);

    EventDeduplicator.Batch retried = dedupe.begin();
    assertThat(retried.check("a", 0)).isEqualTo(UNIQUE);
    retried.commit();
    assertThat(dedupe.begin().check("a", 0)).isEqualTo(DUPLICATE);
  }

  @Test
  void anOwnerRetryingFindsItsOwnClaimsButOthersFindDuplicates() {
    EventDeduplicator dedupe = new EventDeduplicator(Duration.ofDays(1), 100);
    EventDeduplicator.Batch first = dedupe.begin("flowfile-1");
    first.check("a", 0);
    first.commit();
    assertThat(dedupe.begin("flowfile-1").check("a", 0)).isEqualTo(UNIQUE);
    assertThat(dedupe.begin("flowfile-2").check("a", 0)).isEqualTo(DUPLICATE);
    assertThat(dedupe.begin().check("a", 0)).isEqualTo(DUPLICATE);
  }
}
