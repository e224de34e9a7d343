package io.ltvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.clv.RfmSummary;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.testdata.Cdnow;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pareto/NBD x Gamma-Gamma's view of a user, computed once per query, on CDNOW sample users. */
class BaselineTest {
  private static final double DAYS_PER_WEEK = 7;
  private static final Baseline PUBLISHED = Baseline.of(Cdnow.publishedSampleBaseline());

  @Test
  void theViewAgreesWithParetoNbdAndGammaGammaAtEveryHorizon() throws Exception {
    long at = Cdnow.CALIBRATION_END.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<List<EngineeredEvent>> histories = Cdnow.histories(Cdnow.sampleSplit());
    int repeatBuyers = 0;
    for (List<EngineeredEvent> history : histories.subList(0, 300)) {
      UserState state = new UserState();
      for (EngineeredEvent event : history) {
        if (event.getEventTime().toEpochMilli() < at) {
          state.update(event, Duration.ZERO);
        }
      }
      RfmSummary rfm = state.rfm(at);
      double age = rfm.age();
      double recency = rfm.recency();
      int x = rfm.frequency();
      repeatBuyers += x > 0 ? 1 : 0;
      Baseline.At view = PUBLISHED.at(state, at);
      assertThat(view.probabilityAlive()).isCloseTo(PUBLISHED.transactions().probabilityAlive(x, recency, age),
          within(1e-12));
      for (double days : new double[] {28, 91, 273}) {
        double expected = PUBLISHED.transactions().conditionalExpectedTransactions(days / DAYS_PER_WEEK, x, recency, age);
        double meanSpend = PUBLISHED.spend().conditionalExpectedTransactionValue(x, rfm.monetaryValue());
        assertThat(view.expectedTransactions(days)).as("user %s, %s days", history.get(0).getUserId(), days)
            .isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
        assertThat(view.value(days)).isCloseTo(expected * meanSpend, within(1e-9 * Math.max(1, expected * meanSpend)));
      }
    }
    // the check covers users whose recency differs from their age, where P(alive) < 1
    assertThat(repeatBuyers).isGreaterThan(50);
  }
}
