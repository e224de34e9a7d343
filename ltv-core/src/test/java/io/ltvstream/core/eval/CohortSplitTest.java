package io.ltvstream.core.eval;

import static io.ltvstream.core.eval.Events.event;
import static io.ltvstream.core.eval.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.core.clv.RfmSummary;
import java.time.LocalDate;
import io.ltvstream.core.history.EventColumns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohortSplitTest {
  private static final LocalDate CALIBRATION_END = LocalDate.of(2024, 1, 29);
  private static final LocalDate HOLDOUT_END = LocalDate.of(2024, 3, 11);

  private static final List<EngineeredEvent> HISTORY = List.of(
      // out of order on purpose
      purchase("b", "2024-01-15T10:00:00Z", 20),
      purchase("a", "2024-01-01T09:00:00Z", 10),
      purchase("a", "2024-01-01T18:00:00Z", 5),          // same day: one transaction
      event("a", "2024-01-05T12:00:00Z", EventType.VIEW, 0),
      purchase("a", "2024-01-08T12:00:00Z", 30),
      event("a", "2024-01-09T12:00:00Z", EventType.REFUND, -7),
      purchase("a", "2024-01-29T23:59:59Z", 12),         // last second of calibration
      purchase("a", "2024-01-30T00:00:00Z", 40),         // first second of the holdout
      purchase("a", "2024-01-30T08:00:00Z", 2),
      event("a", "2024-02-10T08:00:00Z", EventType.REFUND, -4),
      purchase("a", "2024-03-12T00:00:00Z", 99),         // after the holdout: ignored
      event("c", "2024-01-10T10:00:00Z", EventType.VIEW, 0),
      purchase("c", "2024-02-01T10:00:00Z", 8));         // first purchase in the holdout

  @Test
  void cohortIsTheUsersWhoBoughtByTheCalibrationEnd() {
    CohortSplit split = CohortSplit.of(HISTORY, CALIBRATION_END, HOLDOUT_END);

    assertThat(split.calibration().users()).extracting(UserHistory::userId)
        .containsExactly("a", "b");
    assertThat(split.usersWithoutCalibrationPurchase()).isEqualTo(1);
    assertThat(split.eventsRead()).isEqualTo(13);
    assertThat(split.eventsAfterHoldout()).isEqualTo(1);
  }

  @Test
  void progressCountsEveryUserSplitUpToAllOfThem() {
    List<EngineeredEvent> many = new ArrayList<>();
    int users = 2 * CohortSplit.PROGRESS_EVERY_USERS + 7;
    for (int u = 0; u < users; u++) {
      many.add(purchase("u" + u, "2024-01-02T10:00:00Z", 1));
    }
    List<Long> reported = new ArrayList<>();
    CohortSplit.of(EventColumns.of(many), CALIBRATION_END, HOLDOUT_END, reported::add);

    assertThat(reported).containsExactly((long) CohortSplit.PROGRESS_EVERY_USERS,
        2L * CohortSplit.PROGRESS_EVERY_USERS, (long) users);
  }

  @Test
  void summaryMergesSameDayPurchasesAndCountsTimeInWeeks() {
    RfmSummary a = CohortSplit.of(HISTORY, CALIBRATION_END, HOLDOUT_END).calibration().users()
        .get(0).rfm();

    assertThat(a.firstPurchase()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(a.frequency()).isEqualTo(2);                       // 01-08 and 01-29
    assertThat(a.recency()).isCloseTo(28 / 7.0, within(1e-12));   // 01-01 to 01-29
    assertThat(a.age()).isCloseTo(28 / 7.0, within(1e-12));       // 01-01 to the calibration end
    assertThat(a.monetaryValue()).isCloseTo((30 + 12) / 2.0, within(1e-12));
    assertThat(a.spend()).isCloseTo(10 + 5 + 30 - 7 + 12, within(1e-12));
  }

  @Test
  void holdoutTargetsAreDistinctPurchaseDaysAndPurchasesMinusRefunds() {
    CohortSplit split = CohortSplit.of(HISTORY, CALIBRATION_END, HOLDOUT_END);

    assertThat(split.actuals().transactions()).containsExactly(1.0, 0.0);
    assertThat(split.actuals().spend()[0]).isCloseTo(40 + 2 - 4, within(1e-12));
    assertThat(split.actuals().spend()[1]).isZero();
  }

  @Test
  void modelsSeeEveryCalibrationEventAndNothingLater() {
    UserHistory a = CohortSplit.of(HISTORY, CALIBRATION_END, HOLDOUT_END).calibration().users()
        .get(0);

    assertThat(a.events()).hasSize(6);
    assertThat(a.events()).extracting(EngineeredEvent::getEventType).contains(EventType.VIEW,
        EventType.REFUND);
    assertThat(a.events()).isSortedAccordingTo(
        (x, y) -> x.getEventTime().compareTo(y.getEventTime()));
    assertThat(a.events().get(5).getAmount()).isEqualTo(12.0);
  }

  @Test
  void trackingCountsRepeatTransactionsByWeekFromTheFirstPurchase() {
    CohortSplit split = CohortSplit.of(HISTORY, CALIBRATION_END, HOLDOUT_END);

    // 2024-01-01 .. 03-11 is 71 days: 10 full weeks and one day
    assertThat(split.calibration().trackingWeeks()).hasSize(11);
    assertThat(split.calibration().trackingWeeks()[10]).isCloseTo(71 / 7.0, within(1e-12));
    // repeats: 01-08 (week 2), 01-29 (week 5), 01-30 (week 5)
    assertThat(split.actualCumulativeTracking())
        .containsExactly(0, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3);
  }

  @Test
  void aSplitInsideTheCalibrationUsesOnlyCalibrationEvents() {
    CalibrationSet calibration = CohortSplit.of(HISTORY, CALIBRATION_END, HOLDOUT_END)
        .calibration();

    CohortSplit inner = CohortSplit.of(calibration.events(), LocalDate.of(2024, 1, 10),
        CALIBRATION_END);

    assertThat(calibration.events()).hasSize(7);   // a: 6, b: 1
    assertThat(inner.calibration().users()).extracting(UserHistory::userId).containsExactly("a");
    assertThat(inner.actuals().transactions()).containsExactly(1.0);   // a on 01-29
    assertThat(inner.eventsAfterHoldout()).isZero();
  }

  @Test
  void holdoutMustEndAfterTheCalibration() {
    assertThatThrownBy(() -> CohortSplit.of(HISTORY, HOLDOUT_END, CALIBRATION_END))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after");
  }
}
