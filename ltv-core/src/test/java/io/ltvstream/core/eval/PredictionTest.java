package io.ltvstream.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionTest {
  @Test
  void transactionsAndSpendMustCoverTheSameUsers() {
    assertThatThrownBy(() -> Prediction.of(new double[3], new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transactions has 3 users but spend has 2");
  }

  @Test
  void parametersKeepTheirOrderAndTheOptionalPartsAddUp() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("r", 1.0);
    params.put("alpha", 2.0);
    params.put("a", 3.0);
    params.put("b", 4.0);

    Prediction p = Prediction.of(new double[1], new double[1]).withParams(params)
        .withComponent("gammagamma", Map.of("p", 6.0)).withTrainSeconds(1.5)
        .withCumulativeTracking(new double[] {0, 1});

    assertThat(p.params().keySet()).containsExactly("r", "alpha", "a", "b");
    assertThat(p.components()).containsOnlyKeys("gammagamma");
    assertThat(p.trainSeconds()).isEqualTo(1.5);
    assertThat(p.cumulativeTracking()).containsExactly(0, 1);
    assertThat(p.size()).isEqualTo(1);
  }
}
