package io.ltvstream.core.state;

import static io.ltvstream.core.state.Events.event;
import static io.ltvstream.core.state.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.core.clv.RfmSummary;
import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.testdata.Cdnow;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scorer's state and the evaluator's cohort split summarise the same purchases into the same
 * RFM numbers, so the baseline the scorer serves is the one the evaluator judges.
 */
class OneRfmConventionTest {
  private static final Duration GRACE = Duration.ofDays(3);

  @Test
  void theStateAtTheCutoffSummarisesLikeTheCohortSplit() {
    List<EngineeredEvent> events = List.of(
        purchase("2026-01-01T10:00:00Z", 10), purchase("2026-01-01T18:00:00Z", 5),
        event("2026-01-05T12:00:00Z", EventType.VIEW, 0), purchase("2026-01-11T09:00:00Z", 30),
        purchase("2026-01-18T23:59:00Z", 50), event("2026-01-19T08:00:00Z", EventType.REFUND, -20),
        purchase("2026-01-20T23:00:00Z", 7));
    CalibrationSet calibration = CohortSplit.of(events, LocalDate.parse("2026-01-20"), LocalDate.parse("2026-03-01"))
        .calibration();

    RfmSummary fromSplit = calibration.users().get(0).rfm();
    RfmSummary fromState = replay(events).rfm(calibration.calibrationCutoff().toEpochMilli());

    assertThat(fromSplit.frequency()).isEqualTo(3);
    assertThat(fromSplit.ageDays()).as("T: first purchase day to the calibration end").isEqualTo(19.0);
    assertThat(fromSplit.monetaryValue()).as("m_x: the repeat days' mean").isEqualTo((30 + 50 + 7) / 3.0);
    assertThat(fromState).isEqualTo(fromSplit);
  }

  @Test
  void everyCdnowSampleUserSummarisesAlikeInTheStateAndTheSplit() {
    CalibrationSet calibration = Cdnow.sampleSplit().calibration();
    long cutoff = calibration.calibrationCutoff().toEpochMilli();
    for (UserHistory user : calibration.users()) {
      RfmSummary fromState = replay(user.events()).rfm(cutoff);
      RfmSummary fromSplit = user.rfm();
      assertThat(fromState.frequency()).as(user.userId()).isEqualTo(fromSplit.frequency());
      assertThat(fromState.recency()).as(user.userId()).isEqualTo(fromSplit.recency());
      assertThat(fromState.age()).as(user.userId()).isEqualTo(fromSplit.age());
      assertThat(fromState.monetaryValue()).as(user.userId())
          .isCloseTo(fromSplit.monetaryValue(), org.assertj.core.api.Assertions.within(1e-9));
    }
  }

  private static UserState replay(List<EngineeredEvent> events) {
    UserState state = new UserState();
    for (EngineeredEvent event : events) {
      state.update(event, GRACE);
    }
    return state;
  }
}
