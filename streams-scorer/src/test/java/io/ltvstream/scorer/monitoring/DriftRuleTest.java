package io.ltvstream.scorer.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DriftRuleTest {
  private final DriftRule rule = new DriftRule(0.25, 100);

  @Test
  void aWindowOfEnoughUsersAlertsBeyondTheThresholdEitherWay() {
    assertThat(rule.alerts(100, 130, 0.30)).isTrue();
    assertThat(rule.alerts(100, 70, -0.30)).isTrue();
    assertThat(rule.alerts(100, 120, 0.20)).isFalse();
  }

  @Test
  void somethingPredictedAndNothingSpentIsDriftButNothingPredictedIsNot() {
    assertThat(rule.alerts(500, 40, Double.NaN)).isTrue();
    assertThat(rule.alerts(500, 0, Double.NaN)).isFalse();
  }

  @Test
  void aWindowOfFewerUsersThanTheMinimumNeverAlerts() {
    assertThat(rule.alerts(99, 1000, 5.0)).isFalse();
    assertThat(rule.alerts(99, 40, Double.NaN)).isFalse();
  }

  @Test
  void theSettingsAreCheckedWithTheirKeysInTheMessage() {
    assertThatThrownBy(() -> new DriftRule(0, 100)).hasMessageContaining("scorer.monitoring.drift.threshold");
    assertThatThrownBy(() -> new DriftRule(0.25, 0)).hasMessageContaining("scorer.monitoring.drift.min.users");
  }
}
