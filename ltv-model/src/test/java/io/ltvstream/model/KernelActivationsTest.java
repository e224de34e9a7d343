package io.ltvstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelActivationsTest {
  /** Every float in [-20, 20] on a grid finer than the gates ever need, and the clamp's edges. */
  private static float[] grid() {
    int n = 400_001;
    float[] xs = new float[n + 4];
    for (int i = 0; i < n; i++) {
      xs[i] = -20f + 40f * i / (n - 1);
    }
    xs[n] = 9f;
    xs[n + 1] = -9f;
    xs[n + 2] = Math.nextUp(9f);
    xs[n + 3] = 1e-30f;
    return xs;
  }

  @Test
  void tanhIsWithinAFewFloatUlpsOfTheJdksTanhEverywhere() {
    double worst = 0;
    for (float x : grid()) {
      worst = Math.max(worst, Math.abs(KernelLtvModel.tanh(x) - Math.tanh(x)));
    }
    assertThat(worst).isLessThan(5e-7);
  }

  @Test
  void sigmoidIsWithinAFewFloatUlpsOfTheLogisticFunctionEverywhere() {
    double worst = 0;
    for (float x : grid()) {
      worst = Math.max(worst, Math.abs(KernelLtvModel.sigmoid(x) - 1 / (1 + Math.exp(-x))));
    }
    assertThat(worst).isLessThan(5e-7);
  }

  @Test
  void tanhKeepsItsSignAndSaturatesAtOne() {
    assertThat(KernelLtvModel.tanh(0f)).isZero();
    assertThat(KernelLtvModel.tanh(-0.3f)).isEqualTo(-KernelLtvModel.tanh(0.3f));
    assertThat(KernelLtvModel.tanh(50f)).isEqualTo(1f, org.assertj.core.data.Offset.offset(1e-7f));
    assertThat(KernelLtvModel.tanh(Float.NEGATIVE_INFINITY)).isEqualTo(-1f, org.assertj.core.data.Offset.offset(1e-7f));
  }
}
