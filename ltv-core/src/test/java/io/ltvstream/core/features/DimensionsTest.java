package io.ltvstream.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.avro.UserProfile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DimensionsTest {
  private static final MarketCalendar CALENDAR = new MarketCalendar(List.of(
      new CalendarDay("2025-12-01", null, false, null),
      new CalendarDay("2025-12-25", "Christmas Day", false, null),
      new CalendarDay("2025-12-26", "Boxing Day", true, null),
      new CalendarDay("2025-12-08", "Regional day", false, "uk"),
      new CalendarDay("2025-12-31", null, true, null)));
  private static final FeatureSpec SPEC = new FeatureSpec(2, "brand",
      new Vocabulary("brand", List.of("acme", "zenith")), Vocabulary.empty("age_band"), Vocabulary.empty("gender"),
      new Vocabulary("region", List.of("uk")), Vocabulary.empty("acquisition_channel"), CALENDAR.days());
  private static final Dimensions DIMENSIONS = Dimensions.of(SPEC);

  private static EngineeredEvent purchase(String time, double amount, Integer quantity, Map<String, String> attributes) {
    return EventFeatures.engineer(UserEvent.newBuilder().setEventId("e").setUserId("u")
        .setEventTime(Instant.parse(time)).setEventType(EventType.PURCHASE).setAmount(amount).setQuantity(quantity)
        .setAttributes(attributes).build(), null, null);
  }

  private static float[] event(EngineeredEvent e, UserProfile profile) {
    float[] out = new float[DIMENSIONS.width()];
    Arrays.fill(out, 9f); // every component is written
    DIMENSIONS.event(e, profile, out, 0);
    return out;
  }

  private static float at(float[] v, String name) {
    return v[DIMENSIONS.names().indexOf(name)];
  }

  @Test
  void priceTiersAreBoundedBucketsOfTheUnitPrice() {
    assertThat(EventFeatures.priceTier(0, null)).isZero();
    assertThat(EventFeatures.priceTier(4.99, null)).isEqualTo(1);
    assertThat(EventFeatures.priceTier(5, null)).isEqualTo(2);
    assertThat(EventFeatures.priceTier(100, 5)).as("unit price 20").isEqualTo(3);
    assertThat(EventFeatures.priceTier(-149, 1)).as("refunds by their magnitude").isEqualTo(4);
    assertThat(EventFeatures.priceTier(1e9, 1)).isEqualTo(5);
    assertThat(purchase("2025-12-24T10:00:00Z", 60, 1, Map.of()).getPriceTier()).isEqualTo(4);
  }

  @Test
  void anUnseenValueGoesToOtherAndAMissingOneIsNeutral() {
    float[] known = event(purchase("2025-12-24T10:00:00Z", 60, 1, Map.of("brand", " ACME ")), null);
    float[] unseen = event(purchase("2025-12-24T10:00:00Z", 60, 1, Map.of("brand", "never-seen")), null);
    float[] missing = event(purchase("2025-12-24T10:00:00Z", 60, 1, Map.of()), null);
    assertThat(at(known, "brand=acme")).isEqualTo(1f);
    assertThat(at(known, "brand=other")).isZero();
    assertThat(at(unseen, "brand=other")).isEqualTo(1f);
    assertThat(at(unseen, "brand=acme") + at(unseen, "brand=zenith")).isZero();
    assertThat(at(missing, "brand=acme") + at(missing, "brand=zenith") + at(missing, "brand=other")).isZero();
    assertThat(at(known, "price_tier=4")).isEqualTo(1f);
  }

  @Test
  void calendarFeaturesComeFromTheCalendarAndAreNeutralOutsideIt() {
    float[] eve = event(purchase("2025-12-24T10:00:00Z", 10, 1, Map.of()), null);
    assertThat(at(eve, "holiday_proximity")).isCloseTo((float) Math.exp(-1 / 7.0), within(1e-6f));
    assertThat(at(eve, "is_holiday")).isZero();
    float[] boxing = event(purchase("2025-12-26T10:00:00Z", 10, 1, Map.of()), null);
    assertThat(at(boxing, "is_holiday")).isEqualTo(1f);
    assertThat(at(boxing, "in_promotion")).isEqualTo(1f);
    float[] outside = event(purchase("2026-01-05T10:00:00Z", 10, 1, Map.of()), null);
    assertThat(at(outside, "holiday_proximity") + at(outside, "is_holiday") + at(outside, "in_promotion")).isZero();
    float[] afterLastHoliday = event(purchase("2025-12-30T10:00:00Z", 10, 1, Map.of()), null);
    assertThat(at(afterLastHoliday, "holiday_proximity")).as("no holiday known after it").isZero();
    // the season cycle needs no calendar: day 365 of 2025 is just before the cycle closes
    assertThat(at(outside, "season_cos")).isCloseTo((float) Math.cos(2 * Math.PI * 4 / 365.25), within(1e-6f));
  }

  @Test
  void regionalRowsApplyToTheirRegionOnly() {
    UserProfile uk = UserProfile.newBuilder().setUserId("u").setRegion("UK").build();
    float[] someone = event(purchase("2025-12-07T10:00:00Z", 10, 1, Map.of()), null);
    float[] british = event(purchase("2025-12-07T10:00:00Z", 10, 1, Map.of()), uk);
    assertThat(at(someone, "holiday_proximity")).isCloseTo((float) Math.exp(-18 / 7.0), within(1e-6f));
    assertThat(at(british, "holiday_proximity")).isCloseTo((float) Math.exp(-1 / 7.0), within(1e-6f));
    assertThat(at(british, "region=uk")).isEqualTo(1f);
  }

  @Test
  void profileDimensionsAreNeutralWithoutAProfileAndAQueryHasNoProduct() {
    UserProfile profile = UserProfile.newBuilder().setUserId("u").setRegion("fr")
        .setSignupDate(LocalDate.parse("2025-12-14")).build();
    float[] without = event(purchase("2025-12-24T10:00:00Z", 10, 1, Map.of("brand", "acme")), null);
    for (int i = DIMENSIONS.from(Dimensions.Group.PROFILE); i < DIMENSIONS.to(Dimensions.Group.PROFILE); i++) {
      assertThat(without[i]).isZero();
    }
    float[] query = new float[DIMENSIONS.width()];
    Arrays.fill(query, 9f);
    DIMENSIONS.query(Instant.parse("2025-12-24T10:00:00Z").toEpochMilli(), profile, query, 0);
    for (int i = DIMENSIONS.from(Dimensions.Group.PRODUCT); i < DIMENSIONS.to(Dimensions.Group.PRODUCT); i++) {
      assertThat(query[i]).isZero();
    }
    assertThat(at(query, "region=other")).isEqualTo(1f);
    assertThat(at(query, "has_signup")).isEqualTo(1f);
    assertThat(at(query, "signup_tenure")).isCloseTo((float) (Math.log1p(10 + 10 / 24.0) / Math.log1p(3650)),
        within(1e-6f));
  }

  @Test
  void vocabulariesKeepTheMostFrequentValuesSeenOftenEnough() {
    Vocabulary v = Vocabulary.build("brand", List.of("b", "a", "b", "A", "c", "b", "a", "c", "b"), 2, 2);
    assertThat(v.values()).as("a and A are one value; c (twice) is third").containsExactly("b", "a");
    assertThat(Vocabulary.build("brand", List.of("y", "x", "y", "x"), 5, 1).values()).as("ties alphabetical").containsExactly("x", "y");
    assertThat(Vocabulary.build("brand", List.of("x", "y"), 5, 2).values()).isEmpty();
    assertThat(Dimensions.NONE.width()).isZero();
  }
}
