package io.ltvstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayStepsTest {
  private static float[] step(Random random) {
    float[] step = new float[StepVectors.SIZE];
    for (int i = 1; i < step.length; i++) {
      step[i] = (float) (random.nextGaussian() * 8);
    }
    step[StepVectors.IS_PURCHASE] = 1f;
    step[StepVectors.NEW_PURCHASE_DAY] = 1f;
    return step;
  }

  @Test
  void keepsTheNewestStepsOldestFirst() {
    ReplaySteps steps = new ReplaySteps();
    for (int i = 0; i < 6; i++) {
      float[] step = new float[StepVectors.SIZE];
      step[StepVectors.LOG_AMOUNT] = i;
      steps.append(step, 4);
    }
    float[] out = new float[StepVectors.SIZE];
    assertThat(steps.size()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      steps.copyTo(i, out);
      assertThat(out[StepVectors.LOG_AMOUNT]).isEqualTo(i + 2f);
    }
    steps.append(new float[StepVectors.SIZE], 2); // the setting shrank: the newest that fit stay
    assertThat(steps.size()).isEqualTo(2);
    steps.copyTo(0, out);
    assertThat(out[StepVectors.LOG_AMOUNT]).isEqualTo(5f);
  }

  @Test
  void flagsAreExactAndEveryOtherComponentWithinHalfPrecision() {
    Random random = new Random(3);
    ReplaySteps steps = new ReplaySteps();
    float[] out = new float[StepVectors.SIZE];
    for (int n = 0; n < 1000; n++) {
      float[] step = step(random);
      steps.append(step, 1);
      steps.copyTo(0, out);
      assertThat(out[StepVectors.IS_QUERY]).isZero();
      assertThat(out[StepVectors.IS_PURCHASE]).isEqualTo(1f);
      assertThat(out[StepVectors.NEW_PURCHASE_DAY]).isEqualTo(1f);
      for (int i = 0; i < StepVectors.SIZE; i++) {
        // round to nearest with an 11-bit significand: |error| <= 2^-11 |x| (normal range)
        assertThat(Math.abs(out[i] - step[i])).as("component %d of %s", i, step[i])
            .isLessThanOrEqualTo(Math.scalb(Math.abs(step[i]), -11) + 1e-7f);
      }
    }
  }

  @Test
  void aQueryStepOrAnImpossibleCapacityIsRefused() {
    ReplaySteps steps = new ReplaySteps();
    float[] query = new float[StepVectors.SIZE];
    query[StepVectors.IS_QUERY] = 1f;
    assertThatThrownBy(() -> steps.append(query, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> steps.append(new float[StepVectors.SIZE], ReplaySteps.MAX_CAPACITY + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
