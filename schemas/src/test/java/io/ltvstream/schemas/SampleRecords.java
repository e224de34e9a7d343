package io.ltvstream.schemas;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.Segment;
import io.ltvstream.avro.UserEvent;
import java.time.Instant;
import java.util.Map;

/** One fully populated record of each type, for round-trip tests. */
final class SampleRecords {
  static final Instant T0 = Instant.parse("2026-03-14T15:09:26.535Z");

  private SampleRecords() {}

  static UserEvent userEvent() {
    return UserEvent.newBuilder()
        .setEventId("e-1").setUserId("u-42").setEventTime(T0).setEventType(EventType.PURCHASE)
        .setAmount(19.99).setCurrency("EUR").setQuantity(2).setProductId("sku-7")
        .setCategory("books").setChannel("web").setAge(31).setGender("f").setRegion("DE")
        .setAttributes(Map.of("coupon", "SPRING")).build();
  }

  static EngineeredEvent engineeredEvent() {
    return EngineeredEvent.newBuilder()
        .setEventId("e-1").setUserId("u-42").setEventTime(T0).setEventType(EventType.REFUND)
        .setAmount(-5.0).setCurrency("USD").setQuantity(null).setProductId(null).setCategory("toys")
        .setChannel(null).setAge(null).setGender(null).setRegion(null).setAttributes(Map.of())
        .setAmountBase(-5.0).setLogAmount(-Math.log1p(5.0)).setHourSin(0.5).setHourCos(-0.5)
        .setWeekdaySin(0.1).setWeekdayCos(0.9).setIsWeekend(true).setCategoryBucket(17)
        .setIsPurchase(false).setIsRefund(true).setIsEngagement(false).setFeatureSpecVersion(1)
        .setSourceId("flowfile-1").setSourcePosition(3L).build();
  }

  static LtvScore ltvScore() {
    return LtvScore.newBuilder()
        .setUserId("u-42").setEventId("e-1").setEventTime(T0).setScoredAt(T0.plusMillis(3))
        .setModelVersion("lstm-20261128-abc").setHorizonDays(273).setExpectedValue(42.5)
        .setExpectedTransactions(1.7).setPActive(0.61).setValueP10(0.0).setValueP50(12.0)
        .setValueP90(120.0).setFrequency(3).setRecencyDays(80.0).setTenureDays(120.0)
        .setMonetaryMean(33.3).setBaselineValue(38.0).setSegment(Segment.ACTIVE_HIGH).build();
  }
}
