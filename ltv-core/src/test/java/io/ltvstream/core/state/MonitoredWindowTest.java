package io.ltvstream.core.state;

import static io.ltvstream.core.state.Events.event;
import static io.ltvstream.core.state.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EventType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitoredWindowTest {
  /** 2026-03-01, epoch day 20,513. */
  private static final long MARCH_FIRST = 20_513;

  @Test
  void onlyEventsOfTheWindowsDaysCountAndRefundsAreSubtracted() {
    UserState state = new UserState();
    state.update(purchase("2026-02-27T10:00:00Z", 100), Duration.ZERO);
    state.monitoredWindow().open(MARCH_FIRST, 28, "m1", 30, 1.5, 0.6);
    state.update(purchase("2026-02-28T23:59:59Z", 1000), Duration.ofDays(3)); // the day before
    state.update(purchase("2026-03-01T00:00:00Z", 20), Duration.ZERO);
    state.update(purchase("2026-03-01T09:00:00Z", 5), Duration.ZERO); // same purchase day
    state.update(event("2026-03-10T09:00:00Z", EventType.REFUND, -4), Duration.ZERO);
    state.update(purchase("2026-03-28T23:00:00Z", 10), Duration.ZERO); // the window's last day
    state.update(purchase("2026-03-29T00:00:00Z", 500), Duration.ZERO); // the first day after

    MonitoredWindow.Outcome outcome = state.monitoredWindow().close();
    assertThat(outcome.realisedValue()).isEqualTo(20 + 5 - 4 + 10);
    assertThat(outcome.realisedTransactions()).isEqualTo(2);
    assertThat(outcome.predictedValue()).isEqualTo(30);
    assertThat(outcome.pActive()).isCloseTo(0.6, org.assertj.core.api.Assertions.within(0x1p-11));
    assertThat(state.monitoredWindow().isOpen()).isFalse();
  }

  @Test
  void aDuplicateOrTooLateEventCountsNothing() {
    UserState state = new UserState();
    var first = purchase("2026-03-05T10:00:00Z", 7);
    state.update(first, Duration.ZERO);
    state.monitoredWindow().open(MARCH_FIRST, 28, "m1", 30, 1.5, 0.6);
    state.update(purchase("2026-03-20T10:00:00Z", 3), Duration.ZERO);
    state.update(first, Duration.ZERO);
    state.update(purchase("2026-03-06T10:00:00Z", 50), Duration.ofDays(1));
    assertThat(state.monitoredWindow().close().realisedValue()).isEqualTo(3);
  }
}
