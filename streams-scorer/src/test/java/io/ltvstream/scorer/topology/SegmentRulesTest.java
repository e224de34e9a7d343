package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.Segment;
import org.junit.jupiter.api.Test;

class SegmentRulesTest {
  private final SegmentRules rules = new SegmentRules(30, 0.5, 0.15, 100, 200);

  @Test
  void eachSegmentFollowsItsThresholds() {
    assertThat(rules.segmentOf(0, 10, 0.9, 500, 50)).isEqualTo(Segment.NEW);
    assertThat(rules.segmentOf(0, 31, 0.9, 500, 50)).isEqualTo(Segment.ACTIVE_HIGH);
    assertThat(rules.segmentOf(3, 100, 0.5, 99.9, 50)).isEqualTo(Segment.ACTIVE);
    assertThat(rules.segmentOf(3, 100, 0.3, 20, 250)).isEqualTo(Segment.AT_RISK_HIGH);
    assertThat(rules.segmentOf(3, 100, 0.15, 20, 150)).isEqualTo(Segment.AT_RISK);
    assertThat(rules.segmentOf(3, 100, 0.149, 20, 5000)).isEqualTo(Segment.DORMANT);
  }

  @Test
  void inconsistentThresholdsAreRefused() {
    assertThatThrownBy(() -> new SegmentRules(30, 0.2, 0.5, 100, 200)).hasMessageContaining("dormant");
  }
}
