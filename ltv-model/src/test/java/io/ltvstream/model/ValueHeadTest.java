package io.ltvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.state.StepVectors;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ValueHeadTest {
  /** A purchase rate of 0.05 a day, slowly decaying, and a lognormal spend: 3.4 purchase days in 91. */
  private static final float[] OUTPUTS = {(float) Math.log(0.05), (float) Math.log(0.005), 3f, (float) Math.log(0.8)};

  @Test
  void pActiveFollowsTheBundlesActivityCalibration() {
    LtvPrediction p = head(Map.of(ActivityCalibration.SHAPE, 0.6)).predict(OUTPUTS, null, 91);

    assertThat(p.expectedTransactions()).isGreaterThan(3);
    assertThat(p.pActive()).isCloseTo(1 - Math.pow(1 + p.expectedTransactions() / 0.6, -0.6), within(1e-12));
    assertThat(p.pActive()).isLessThan(-Math.expm1(-p.expectedTransactions()) - 0.1);
  }

  @Test
  void withoutACalibrationPActiveIsThePoissonChance() {
    LtvPrediction p = head(Map.of()).predict(OUTPUTS, null, 91);

    assertThat(p.pActive()).isCloseTo(-Math.expm1(-p.expectedTransactions()), within(1e-12));
  }

  @Test
  void theCalibrationKeepsTheExpectationsAndTheQuantilesStayOrdered() {
    LtvPrediction calibrated = head(Map.of(ActivityCalibration.SHAPE, 0.6)).predict(OUTPUTS, null, 91);
    LtvPrediction poisson = head(Map.of()).predict(OUTPUTS, null, 91);

    assertThat(calibrated.expectedTransactions()).isEqualTo(poisson.expectedTransactions());
    assertThat(calibrated.expectedValue()).isEqualTo(poisson.expectedValue());
    assertThat(calibrated.p10()).isLessThanOrEqualTo(calibrated.p50());
    assertThat(calibrated.p50()).isLessThanOrEqualTo(calibrated.p90());
    // more mass at zero: the median of a buyer's spend moves up to keep the mean
    assertThat(calibrated.p90()).isGreaterThan(poisson.p90());
  }

  private static ValueHead head(Map<String, Double> extra) {
    Map<String, Double> baseline = new TreeMap<>(extra);
    return new ValueHead(new BundleMetadata(ModelBundle.FORMAT, "", "2026-01-01T00:00:00Z", 1,
        StepVectors.STEP_SPEC_VERSION, ModelInputs.names(Dimensions.NONE), 4, 91, 1, new float[ModelInputs.SIZE],
        new float[ModelInputs.SIZE], 1.0, 1.0, 91, baseline, Map.of(), "", "", null));
  }
}
