package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentStepsTest {
  @Test
  void keepsTheNewestStepsOldestFirstAndSurvivesEncoding() {
    RecentSteps recent = new RecentSteps(3, 2);
    for (int i = 1; i <= 5; i++) {
      recent.append(new float[] {i, -i});
    }
    RecentSteps decoded = RecentSteps.decode(recent.encode(), 3);
    assertThat(decoded.steps()).containsExactly(new float[] {3, -3}, new float[] {4, -4}, new float[] {5, -5});
  }

  @Test
  void aSmallerCapacityKeepsTheNewestThatFit() {
    RecentSteps recent = new RecentSteps(4, 1);
    for (int i = 1; i <= 4; i++) {
      recent.append(new float[] {i});
    }
    assertThat(RecentSteps.decode(recent.encode(), 2).steps()).containsExactly(new float[] {3}, new float[] {4});
  }

  @Test
  void refusesBytesThatDoNotHoldTheirSteps() {
    byte[] bytes = new RecentSteps(2, 3).encode();
    bytes[7] = 2; // claims two steps, holds none
    assertThatThrownBy(() -> RecentSteps.decode(bytes, 2)).hasMessageContaining("do not hold");
  }
}
