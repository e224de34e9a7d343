package io.ltvstream.core.state;

import static io.ltvstream.core.state.Events.millis;
import static io.ltvstream.core.state.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepVectorsTest {
  @Test
  void eventStepCarriesTheEventAndTheHistory() {
    UserState state = new UserState();
    state.update(purchase("2026-01-01T00:00:00Z", 10), Duration.ZERO);
    EngineeredEvent second = purchase("2026-01-11T00:00:00Z", 30);
    UpdateOutcome outcome = state.update(second, Duration.ZERO);
    float[] step = new float[StepVectors.SIZE];

    StepVectors.event(second, state, outcome, step);

    assertThat(step[StepVectors.IS_QUERY]).isZero();
    assertThat(step[StepVectors.IS_PURCHASE]).isEqualTo(1f);
    assertThat(step[StepVectors.LOG_AMOUNT]).isCloseTo((float) Math.log(31), within(1e-6f));
    assertThat(step[StepVectors.LOG_DAYS_SINCE_PREVIOUS]).isCloseTo((float) Math.log(11), within(1e-6f));
    assertThat(step[StepVectors.LOG_WINDOW_COUNTS + 1]).isCloseTo((float) Math.log(3), within(1e-6f));
    assertThat(step[StepVectors.LOG_FREQUENCY]).isCloseTo((float) Math.log(2), within(1e-6f));
    assertThat(step[StepVectors.NEW_PURCHASE_DAY]).isEqualTo(1f);
    assertThat(StepVectors.names()).hasSize(StepVectors.SIZE);
  }

  @Test
  void queryStepSeesIdleTimeGrowAndWindowsEmpty() {
    UserState state = new UserState();
    state.update(purchase("2026-01-01T00:00:00Z", 10), Duration.ZERO);
    float[] soon = new float[StepVectors.SIZE];
    float[] later = new float[StepVectors.SIZE];

    StepVectors.query(state, millis("2026-01-02T00:00:00Z"), soon);
    StepVectors.query(state, millis("2026-03-01T00:00:00Z"), later);

    assertThat(soon[StepVectors.IS_QUERY]).isEqualTo(1f);
    assertThat(later[StepVectors.LOG_DAYS_SINCE_PREVIOUS]).isGreaterThan(soon[StepVectors.LOG_DAYS_SINCE_PREVIOUS]);
    assertThat(soon[StepVectors.LOG_WINDOW_COUNTS]).isGreaterThan(0f);
    assertThat(later[StepVectors.LOG_WINDOW_COUNTS]).isZero();
    assertThat(later[StepVectors.LOG_WINDOW_COUNTS + 2]).isGreaterThan(0f);
  }

  @Test
  void anEventThatWasNotAppliedHasNoStep() {
    UserState state = new UserState();
    state.update(purchase("2026-01-10T00:00:00Z", 10), Duration.ZERO);
    EngineeredEvent old = purchase("2026-01-01T00:00:00Z", 10);
    UpdateOutcome outcome = state.update(old, Duration.ZERO);
    assertThatThrownBy(() -> StepVectors.event(old, state, outcome, new float[StepVectors.SIZE]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TOO_LATE");
  }
}
