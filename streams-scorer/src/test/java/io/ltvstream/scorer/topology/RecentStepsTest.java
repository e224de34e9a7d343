package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
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
  void stepsDecodedUnderAnotherCapacityKeepAppending() {
    RecentSteps recent = new RecentSteps(2, 1);
    recent.append(new float[] {1});
    recent.append(new float[] {2});
    RecentSteps wider = RecentSteps.decode(recent.encode(), 3);
    wider.append(new float[] {3});
    wider.append(new float[] {4});
    assertThat(RecentSteps.decode(wider.encode(), 3).steps())
        .containsExactly(new float[] {2}, new float[] {3}, new float[] {4});
  }

  @Test
  void theBinaryFormIsCapacityCountStepSizeThenTheFloatsOldestFirst() {
    RecentSteps recent = new RecentSteps(2, 2);
    recent.append(new float[] {1, 2});
    recent.append(new float[] {3, 4});
    recent.append(new float[] {5, 6});
    ByteBuffer expected = ByteBuffer.allocate(12 + 16).putInt(2).putInt(2).putInt(2)
        .putFloat(3).putFloat(4).putFloat(5).putFloat(6);
    assertThat(recent.encode()).isEqualTo(expected.array());
  }

  @Test
  void refusesBytesThatDoNotHoldTheirSteps() {
    byte[] bytes = new RecentSteps(2, 3).encode();
    bytes[7] = 2; // claims two steps, holds none
    assertThatThrownBy(() -> RecentSteps.decode(bytes, 2)).hasMessageContaining("do not hold");
  }
}
