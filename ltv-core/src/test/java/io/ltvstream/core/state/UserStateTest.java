package io.ltvstream.core.state;

import static io.ltvstream.core.state.Events.event;
import static io.ltvstream.core.state.Events.millis;
import static io.ltvstream.core.state.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EventType;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.clv.RfmSummary;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UserStateTest {
  private static final Duration GRACE = Duration.ofDays(2);

  @Test
  void rfmCountsRepeatPurchaseDaysAndMergesSameDayPurchases() {
    UserState state = new UserState();
    state.update(purchase("2026-01-01T10:00:00Z", 10), GRACE);
    UpdateOutcome sameDay = state.update(purchase("2026-01-01T18:00:00Z", 5), GRACE);
    state.update(purchase("2026-01-11T09:00:00Z", 30), GRACE);

    assertThat(sameDay.newPurchaseDay()).isFalse();
    RfmSummary rfm = state.rfm(millis("2026-01-21T10:00:00Z"));
    assertThat(rfm.frequency()).isEqualTo(1);
    assertThat(rfm.recencyDays()).isEqualTo(10.0);
    assertThat(rfm.ageDays()).isCloseTo(20.0, within(1e-9));
    assertThat(rfm.monetaryValue()).as("m_x: the repeat day only").isCloseTo(30.0, within(1e-9));
    assertThat(state.meanSpendPerPurchaseDay()).isCloseTo(22.5, within(1e-9));
    assertThat(state.rfm(millis("2026-01-21T00:00:00Z")).ageDays()).as("the midnight after a day observes that day")
        .isCloseTo(19.0, within(1e-9));
  }

  @Test
  void windowsCountRecentPurchasesAndForgetOldOnes() {
    UserState state = new UserState();
    state.update(purchase("2026-01-01T00:00:00Z", 100), GRACE);
    state.update(purchase("2026-03-01T00:00:00Z", 20), GRACE);
    UpdateOutcome last = state.update(purchase("2026-03-05T00:00:00Z", 5), GRACE);

    assertThat(last.daysSincePreviousEvent()).isEqualTo(4.0);
    long now = millis("2026-03-05T12:00:00Z");
    assertThat(state.windowCount(7, now)).isEqualTo(2);
    assertThat(state.windowSpend(7, now)).isEqualTo(25.0);
    assertThat(state.windowCount(30, now)).isEqualTo(2);
    assertThat(state.windowCount(90, now)).isEqualTo(3);
    assertThat(state.windowSpend(365, now)).isEqualTo(125.0);
    // Later, the 7-day window has emptied while the 90-day one still holds March.
    long later = millis("2026-03-20T00:00:00Z");
    assertThat(state.windowCount(7, later)).isZero();
    assertThat(state.windowCount(90, later)).isGreaterThanOrEqualTo(2);
    assertThat(state.windowCount(365, millis("2027-06-01T00:00:00Z"))).isZero();
  }

  @Test
  void lateEventWithinGraceUpdatesSummaryAndWindows() {
    UserState state = new UserState();
    state.update(purchase("2026-01-01T00:00:00Z", 10), GRACE);
    state.update(purchase("2026-01-10T00:00:00Z", 10), GRACE);

    UpdateOutcome late = state.update(purchase("2026-01-09T00:00:00Z", 7), GRACE);

    assertThat(late.kind()).isEqualTo(UpdateOutcome.Kind.OUT_OF_ORDER);
    assertThat(late.applied()).isTrue();
    assertThat(late.newPurchaseDay()).isTrue();
    assertThat(state.frequency()).isEqualTo(2);
    assertThat(state.lastEventMillis()).isEqualTo(millis("2026-01-10T00:00:00Z"));
    assertThat(state.windowCount(7, millis("2026-01-10T00:00:00Z"))).isEqualTo(2);
    assertThat(state.windowSpend(7, millis("2026-01-10T00:00:00Z"))).isEqualTo(17.0);
  }

  @Test
  void lateRepeatOfAKnownPurchaseDayIsNotANewDay() {
    UserState state = new UserState();
    state.update(purchase("2026-01-01T00:00:00Z", 10), GRACE);
    state.update(purchase("2026-01-05T00:00:00Z", 10), GRACE);
    state.update(purchase("2026-01-06T00:00:00Z", 10), GRACE);

    UpdateOutcome late = state.update(purchase("2026-01-05T20:00:00Z", 1), GRACE);

    assertThat(late.newPurchaseDay()).isFalse();
    assertThat(state.frequency()).isEqualTo(2);
  }

  @Test
  void eventBeyondGraceIsReportedAndLeavesTheStateAlone() {
    UserState state = new UserState();
    state.update(purchase("2026-01-01T00:00:00Z", 10), GRACE);
    state.update(purchase("2026-01-10T00:00:00Z", 10), GRACE);
    UserState before = state.copy();

    UpdateOutcome late = state.update(purchase("2026-01-05T00:00:00Z", 99), GRACE);

    assertThat(late.kind()).isEqualTo(UpdateOutcome.Kind.TOO_LATE);
    assertThat(late.applied()).isFalse();
    assertThat(state).isEqualTo(before);
  }

  @Test
  void refundsAreCountedApartFromPurchases() {
    UserState state = new UserState();
    state.update(purchase("2026-01-01T00:00:00Z", 50), GRACE);
    state.update(event("2026-01-02T00:00:00Z", EventType.REFUND, -20), GRACE);
    state.update(event("2026-01-03T00:00:00Z", EventType.VIEW, 0), GRACE);

    assertThat(state.refundCount()).isEqualTo(1);
    assertThat(state.refundAmount()).isEqualTo(20.0);
    assertThat(state.purchaseDays()).isEqualTo(1);
    assertThat(state.eventCount()).isEqualTo(3);
    assertThat(state.windowSpend(7, millis("2026-01-03T00:00:00Z"))).isEqualTo(50.0);
  }

  @Test
  void anEventSeenBeforeIsADuplicateAndLeavesTheStateUnchanged() {
    UserState state = new UserState();
    EngineeredEvent first = purchase("2026-01-01T10:00:00Z", 10);
    EngineeredEvent second = purchase("2026-01-02T10:00:00Z", 20);
    state.update(first, GRACE);
    state.update(second, GRACE);
    UserState before = state.copy();

    assertThat(state.update(second, GRACE).kind()).isEqualTo(UpdateOutcome.Kind.DUPLICATE);
    assertThat(state.update(first, GRACE).kind()).as("an out-of-order re-send too")
        .isEqualTo(UpdateOutcome.Kind.DUPLICATE);
    assertThat(state).isEqualTo(before);
    assertThat(state.purchaseSpend()).isEqualTo(30.0);
  }

  @Test
  void anEventIdIsRememberedForTheUsersLast32Events() {
    UserState state = new UserState();
    EngineeredEvent oldest = purchase("2026-01-01T00:00:00Z", 1);
    state.update(oldest, GRACE);
    for (int i = 1; i < RecentEventIds.CAPACITY; i++) {
      state.update(event("2026-01-01T00:00:00Z", EventType.VIEW, 0), GRACE);
    }
    assertThat(state.update(oldest, GRACE).kind()).isEqualTo(UpdateOutcome.Kind.DUPLICATE);

    state.update(event("2026-01-01T00:00:00Z", EventType.VIEW, 0), GRACE); // the 33rd pushes it out
    assertThat(state.update(oldest, GRACE).kind()).isEqualTo(UpdateOutcome.Kind.IN_ORDER);
  }

  @Test
  void aTooLateEventIsNotRememberedSoItsReSendIsTooLateAgain() {
    UserState state = new UserState();
    state.update(purchase("2026-01-10T00:00:00Z", 10), GRACE);
    EngineeredEvent late = purchase("2026-01-01T00:00:00Z", 10);
    assertThat(state.update(late, GRACE).kind()).isEqualTo(UpdateOutcome.Kind.TOO_LATE);
    assertThat(state.update(late, GRACE).kind()).isEqualTo(UpdateOutcome.Kind.TOO_LATE);
    assertThat(state.recentEventIds().size()).isOne();
  }

  @Test
  void aLatePurchaseAtTheLongestGraceOnADayAlreadyCountedIsNotANewDay() {
    UserState state = new UserState();
    state.update(purchase("2026-01-01T00:00:00Z", 10), UserState.MAX_GRACE);
    state.update(purchase("2026-01-05T00:00:00Z", 10), UserState.MAX_GRACE);
    state.update(purchase("2026-01-11T00:00:00Z", 10), UserState.MAX_GRACE); // latest: midnight, the worst case
    // exactly MAX_GRACE before the latest event, on a day between the first and the last purchase day
    UpdateOutcome late = state.update(purchase("2026-01-05T00:00:00Z", 10), UserState.MAX_GRACE);

    assertThat(late.kind()).isEqualTo(UpdateOutcome.Kind.OUT_OF_ORDER);
    assertThat(late.newPurchaseDay()).isFalse();
    assertThat(state.purchaseDays()).isEqualTo(3);
  }

  @Test
  void aGraceThatReachesPastTheDailyRingIsRefused() {
    UserState state = new UserState();
    Duration justOver = UserState.MAX_GRACE.plusMillis(1);
    assertThatThrownBy(() -> state.update(purchase("2026-01-01T00:00:00Z", 10), justOver))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT144H").hasMessageContaining("daily ring");
    assertThatThrownBy(() -> state.update(purchase("2026-01-01T00:00:00Z", 10), Duration.ofDays(7)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(state.eventCount()).isZero();
  }
}
