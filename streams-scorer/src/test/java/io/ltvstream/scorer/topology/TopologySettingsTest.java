package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.core.state.UserState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopologySettingsTest {
  @Test
  void aGraceUpToTheDailyRingIsAccepted() {
    assertThat(TopologySettings.defaults().withGrace(UserState.MAX_GRACE).grace()).isEqualTo(Duration.ofDays(6));
  }

  @Test
  void aGraceBeyondTheDailyRingIsAConfigurationErrorThatNamesTheKeyAndTheBound() {
    for (Duration grace : new Duration[] {Duration.ofDays(6).plusSeconds(1), Duration.ofDays(7), Duration.ofDays(30)}) {
      assertThatThrownBy(() -> TopologySettings.defaults().withGrace(grace))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scorer.grace").hasMessageContaining("at most PT144H");
    }
  }

  @Test
  void replayStepsBeyondWhatTheCodecCountsAreAConfigurationError() {
    assertThatThrownBy(() -> TopologySettings.defaults().withRecentSteps(256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scorer.recent.steps");
  }
}
