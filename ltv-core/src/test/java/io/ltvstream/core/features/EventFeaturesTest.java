package io.ltvstream.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFeaturesTest {
  private static UserEvent event(String time, EventType type, double amount, String category) {
    return UserEvent.newBuilder().setEventId("e").setUserId("u").setEventTime(Instant.parse(time))
        .setEventType(type).setAmount(amount).setCategory(category).setAttributes(Map.of()).build();
  }

  @Test
  void saturdaySixInTheEveningPurchase() {
    EngineeredEvent e = EventFeatures.engineer(
        event("2026-11-28T18:00:00Z", EventType.PURCHASE, 99.0, "books"), "ff-1", 7L);

    assertThat(e.getAmountBase()).isEqualTo(99.0);
    assertThat(e.getLogAmount()).isCloseTo(Math.log(100.0), within(1e-12));
    assertThat(e.getHourSin()).isCloseTo(-1.0, within(1e-12));
    assertThat(e.getHourCos()).isCloseTo(0.0, within(1e-12));
    assertThat(e.getIsWeekend()).isTrue();
    assertThat(e.getWeekdaySin()).isCloseTo(Math.sin(2 * Math.PI * 5 / 7), within(1e-12));
    assertThat(e.getIsPurchase()).isTrue();
    assertThat(e.getIsRefund()).isFalse();
    assertThat(e.getIsEngagement()).isFalse();
    assertThat(e.getFeatureSpecVersion()).isEqualTo(EventFeatures.FEATURE_SPEC_VERSION);
    assertThat(e.getSourceId()).isEqualTo("ff-1");
    assertThat(e.getSourcePosition()).isEqualTo(7L);
  }

  @Test
  void refundKeepsItsSignInTheLogFeature() {
    EngineeredEvent e = EventFeatures.engineer(
        event("2026-11-25T00:00:00Z", EventType.REFUND, -9.0, null), null, null);
    assertThat(e.getLogAmount()).isCloseTo(-Math.log(10.0), within(1e-12));
    assertThat(e.getIsRefund()).isTrue();
    assertThat(e.getIsWeekend()).isFalse();
    assertThat(e.getCategoryBucket()).isZero();
  }

  @Test
  void categoryBucketsAreStableAndInRange() {
    assertThat(EventFeatures.categoryBucket("books")).isEqualTo(EventFeatures.categoryBucket("books"))
        .isBetween(1, EventFeatures.CATEGORY_BUCKETS - 1);
    assertThat(EventFeatures.categoryBucket("")).isZero();
  }

  @Test
  void viewsAreEngagement() {
    assertThat(EventFeatures.engineer(event("2026-11-25T00:00:00Z", EventType.VIEW, 0, "x"), null, null)
        .getIsEngagement()).isTrue();
  }
}
