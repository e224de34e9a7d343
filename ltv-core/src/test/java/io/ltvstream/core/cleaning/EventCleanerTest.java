package io.ltvstream.core.cleaning;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.mapping.FieldMapping;
import io.ltvstream.core.mapping.MapSourceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.ltvstream.core.mapping.EventIds;
import io.ltvstream.core.mapping.MappingException;

class EventCleanerTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static final Map<String, String> SHOP = Map.of(
      FieldMapping.USER_ID, "user", FieldMapping.EVENT_TIME, "ts", FieldMapping.EVENT_TYPE, "type",
      FieldMapping.AMOUNT, "amount", FieldMapping.CURRENCY, "cur", FieldMapping.CATEGORY, "cat",
      FieldMapping.EVENT_ID, "id");

  private static CleaningPolicy.Builder policy() {
    return CleaningPolicy.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .rates(CurrencyRates.parse("USD", "EUR=1.10, GBP=1.25"));
  }

  private static EventCleaner cleaner(Map<String, String> mapping, CleaningPolicy policy) {
    return new EventCleaner(FieldMapping.of(mapping), policy);
  }

  private static Map<String, String> row(String... pairs) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("id", "e1");
    row.put("user", "u1");
    row.put("ts", "2026-11-01T10:00:00Z");
    row.put("type", "purchase");
    row.put("amount", "10.00");
    for (int i = 0; i < pairs.length; i += 2) {
      row.put(pairs[i], pairs[i + 1]);
    }
    return row;
  }

  private static CleanResult clean(Map<String, String> row) {
    return cleaner(SHOP, policy().build()).clean(new MapSourceRecord(row));
  }

  private static UserEvent valid(CleanResult result) {
    assertThat(result).isInstanceOf(CleanResult.Valid.class);
    return ((CleanResult.Valid) result).event();
  }

  private static RejectReason reason(CleanResult result) {
    assertThat(result).isInstanceOf(CleanResult.Invalid.class);
    return ((CleanResult.Invalid) result).rejection().reason();
  }

  @Test
  void normalizesAValidPurchase() {
    UserEvent e = valid(clean(row("user", "  u1 ", "type", " Purchase ", "cat", "  Books ", "extra", "x")));
    assertThat(e.getEventId()).isEqualTo("e1");
    assertThat(e.getUserId()).isEqualTo("u1");
    assertThat(e.getEventTime()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
    assertThat(e.getEventType()).isEqualTo(EventType.PURCHASE);
    assertThat(e.getAmount()).isEqualTo(10.0);
    assertThat(e.getCurrency()).isEqualTo("USD");
    assertThat(e.getCategory()).isEqualTo("books");
    assertThat(e.getAttributes()).doesNotContainKeys("extra", "amount");
  }

  @Test
  void convertsToTheBaseCurrencyAndKeepsTheOriginal() {
    UserEvent e = valid(clean(row("amount", "100", "cur", "eur")));
    assertThat(e.getAmount()).isEqualTo(110.00000000000001);
    assertThat(e.getCurrency()).isEqualTo("USD");
    assertThat(e.getAttributes()).containsEntry("source_amount", "100.0").containsEntry("source_currency", "EUR");
  }

  @Test
  void aCurrencyWithoutARateIsRejected() {
    assertThat(reason(clean(row("cur", "JPY")))).isEqualTo(RejectReason.UNKNOWN_CURRENCY);
    assertThat(reason(clean(row("cur", "dollars")))).isEqualTo(RejectReason.UNKNOWN_CURRENCY);
  }

  @Test
  void requiredFieldsAndParsing() {
    Map<String, String> noUser = row();
    noUser.remove("user");
    assertThat(reason(clean(noUser))).isEqualTo(RejectReason.MISSING_USER_ID);
    assertThat(reason(clean(row("user", "   ")))).isEqualTo(RejectReason.MISSING_USER_ID);
    assertThat(reason(clean(row("ts", "")))).isEqualTo(RejectReason.MISSING_EVENT_TIME);
    assertThat(reason(clean(row("ts", "yesterday")))).isEqualTo(RejectReason.UNPARSABLE_EVENT_TIME);
    assertThat(reason(clean(row("amount", "ten")))).isEqualTo(RejectReason.UNPARSABLE_AMOUNT);
    assertThat(reason(clean(row("amount", "0x10")))).isEqualTo(RejectReason.UNPARSABLE_AMOUNT);
    assertThat(reason(clean(row("amount", "")))).isEqualTo(RejectReason.MISSING_AMOUNT);
    assertThat(reason(clean(row("type", "")))).isEqualTo(RejectReason.MISSING_EVENT_TYPE);
  }

  @Test
  void nanAndInfinityAreRejected() {
    assertThat(reason(clean(row("amount", "NaN")))).isEqualTo(RejectReason.NON_FINITE_AMOUNT);
    assertThat(reason(clean(row("amount", "-Infinity")))).isEqualTo(RejectReason.NON_FINITE_AMOUNT);
    assertThat(reason(clean(row("amount", "1e400")))).isEqualTo(RejectReason.NON_FINITE_AMOUNT);
  }

  @Test
  void aTimeBeyondTheFutureToleranceIsRejectedAndOneWithinItIsKept() {
    assertThat(reason(clean(row("ts", "2026-11-28T12:06:00Z")))).isEqualTo(RejectReason.FUTURE_EVENT_TIME);
    valid(clean(row("ts", "2026-11-28T12:04:00Z")));
  }

  @Test
  void unknownTypesAreRejectedOrMappedToOther() {
    assertThat(reason(clean(row("type", "teleport")))).isEqualTo(RejectReason.UNKNOWN_EVENT_TYPE);
    UserEvent other = valid(cleaner(SHOP, policy().unknownTypePolicy(UnknownTypePolicy.OTHER).build())
        .clean(new MapSourceRecord(row("type", "teleport", "amount", "0"))));
    assertThat(other.getEventType()).isEqualTo(EventType.OTHER);
    assertThat(other.getAttributes()).containsEntry("source_event_type", "teleport");
  }

  @Test
  void aliasesNameKnownTypes() {
    assertThat(valid(clean(row("type", "page-view", "amount", "0"))).getEventType()).isEqualTo(EventType.VIEW);
    assertThat(valid(clean(row("type", "Add To Cart", "amount", ""))).getEventType()).isEqualTo(EventType.ADD_TO_CART);
    assertThat(valid(clean(row("type", "order"))).getEventType()).isEqualTo(EventType.PURCHASE);
  }

  @Test
  void aNegativeAmountUnderTheRefundRuleIsARefundOtherwiseAnError() {
    Map<String, String> retail = Map.of(FieldMapping.USER_ID, "CustomerID", FieldMapping.EVENT_TIME, "InvoiceDate",
        FieldMapping.QUANTITY, "Quantity", FieldMapping.UNIT_PRICE, "UnitPrice",
        FieldMapping.REFUND_WHEN, "field:InvoiceNo startsWith C");
    Map<String, String> cancelled = new LinkedHashMap<>(Map.of("InvoiceNo", "C536379", "CustomerID", "17850",
        "InvoiceDate", "2010-12-01 09:41", "Quantity", "-2", "UnitPrice", "2.55"));
    UserEvent refund = valid(cleaner(retail, policy().build()).clean(new MapSourceRecord(cancelled)));
    assertThat(refund.getEventType()).isEqualTo(EventType.REFUND);
    assertThat(refund.getAmount()).isEqualTo(-5.1);
    assertThat(refund.getQuantity()).isEqualTo(-2);
    assertThat(refund.getEventId()).hasSize(32);

    cancelled.put("InvoiceNo", "536379");
    assertThat(reason(cleaner(retail, policy().build()).clean(new MapSourceRecord(cancelled))))
        .isEqualTo(RejectReason.NEGATIVE_AMOUNT);
  }

  @Test
  void outliersAreKeptCappedOrRejected() {
    Map<String, String> big = row("amount", "5000");
    UserEvent kept = valid(cleaner(SHOP, policy().outlierBound(1000).outlierPolicy(OutlierPolicy.KEEP).build())
        .clean(new MapSourceRecord(big)));
    assertThat(kept.getAmount()).isEqualTo(5000.0);
    assertThat(kept.getAttributes()).containsEntry("outlier", "true");

    UserEvent capped = valid(cleaner(SHOP, policy().outlierBound(1000).outlierPolicy(OutlierPolicy.CAP).build())
        .clean(new MapSourceRecord(big)));
    assertThat(capped.getAmount()).isEqualTo(1000.0);
    assertThat(capped.getAttributes()).containsEntry("uncapped_amount", "5000.0");

    assertThat(reason(cleaner(SHOP, policy().outlierBound(1000).outlierPolicy(OutlierPolicy.REJECT).build())
        .clean(new MapSourceRecord(big)))).isEqualTo(RejectReason.OUTLIER_AMOUNT);
  }

  @Test
  void anOverlongFieldIsRejectedWhicheverFieldItIs() {
    String megabyte = "x".repeat(1 << 20);
    CleanResult result = clean(row("notes", megabyte));
    assertThat(reason(result)).isEqualTo(RejectReason.FIELD_TOO_LONG);
    assertThat(((CleanResult.Invalid) result).rejection().detail()).contains("'notes'");
  }

  @Test
  void pseudonymizesUserIdsWithHmacSha256() {
    EventCleaner keyed = cleaner(SHOP, policy().pseudonymizer(Pseudonymizer.withKey("secret")).build());
    String id = valid(keyed.clean(new MapSourceRecord(row()))).getUserId();
    // computed independently: printf u1 | openssl dgst -sha256 -hmac secret
    assertThat(id).isEqualTo("8a629605d37d74d6c872140bed892da5f3739914899fdd6171dfe43031786151");
    assertThat(id).hasSize(64).isNotEqualTo("u1");
    assertThat(valid(keyed.clean(new MapSourceRecord(row("id", "e2")))).getUserId()).isEqualTo(id);
  }

  @Test
  void withoutAnEventIdTheWholeRecordIsHashed() {
    Map<String, String> mapping = new HashMap<>(SHOP);
    mapping.remove(FieldMapping.EVENT_ID);
    EventCleaner cleaner = cleaner(mapping, policy().build());
    String first = valid(cleaner.clean(new MapSourceRecord(row()))).getEventId();
    assertThat(valid(cleaner.clean(new MapSourceRecord(row()))).getEventId()).isEqualTo(first);
    assertThat(valid(cleaner.clean(new MapSourceRecord(row("amount", "11")))).getEventId()).isNotEqualTo(first);
  }

  @Test
  void amountIsQuantityTimesUnitPriceWhenNoAmountIsMapped() {
    Map<String, String> mapping = Map.of(FieldMapping.USER_ID, "u", FieldMapping.EVENT_TIME, "t",
        FieldMapping.QUANTITY, "q", FieldMapping.UNIT_PRICE, "p");
    EventCleaner cleaner = cleaner(mapping, policy().build());
    UserEvent e = valid(cleaner.clean(new MapSourceRecord(Map.of("u", "1", "t", "2024-01-01", "q", "3", "p", "2.5"))));
    assertThat(e.getAmount()).isEqualTo(7.5);
    assertThat(e.getQuantity()).isEqualTo(3);
    assertThat(reason(cleaner.clean(new MapSourceRecord(Map.of("u", "1", "t", "2024-01-01", "q", "1.5", "p", "2")))))
        .isEqualTo(RejectReason.UNPARSABLE_QUANTITY);
  }

  @Test
  void durationsReadNifiAndIsoForms() {
    assertThat(Durations.parse("k", "5 mins")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("k", "7 days")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("k", "250 ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("k", "PT1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void theBaseCurrencyDefaultsToTheDefaultCurrency() {
    Map<String, String> settings = new HashMap<>(SHOP);
    settings.put(FieldMapping.CURRENCY_DEFAULT, "GBP");
    EventCleaner cleaner = new EventCleaner(FieldMapping.of(settings), CleaningPolicy.of(settings));
    UserEvent e = valid(cleaner.clean(new MapSourceRecord(row())));
    assertThat(e.getCurrency()).isEqualTo("GBP");
    assertThat(e.getAmount()).isEqualTo(10.0);
  }

  @Test
  void aDefaultCurrencyWithoutARateIntoTheBaseIsAConfigurationError() {
    Map<String, String> settings = new HashMap<>(SHOP);
    settings.put(FieldMapping.CURRENCY_DEFAULT, "GBP");
    settings.put(CleaningPolicy.BASE_CURRENCY, "USD");
    settings.put(CleaningPolicy.CURRENCY_RATES, "EUR=1.08");
    assertThatThrownBy(() -> new EventCleaner(FieldMapping.of(settings), CleaningPolicy.of(settings)))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("GBP").hasMessageContaining("USD").hasMessageContaining("currency.rates");
  }

  @Test
  void anAmbiguousDayAndMonthIsRejectedNotGuessed() {
    CleanResult result = clean(row("ts", "01/07/2026 08:26"));
    assertThat(reason(result)).isEqualTo(RejectReason.AMBIGUOUS_EVENT_TIME);
    assertThat(((CleanResult.Invalid) result).rejection().detail()).contains("time.pattern");
  }

  @Test
  void aDerivedEventIdIsKeyedSoItCannotBeRecomputedFromARawUserId() {
    Map<String, String> mapping = new HashMap<>(SHOP);
    mapping.remove(FieldMapping.EVENT_ID);
    Map<String, String> source = row();
    source.remove("id");
    EventCleaner keyed = cleaner(mapping, policy().pseudonymizer(Pseudonymizer.withKey("secret")).build());
    String eventId = valid(keyed.clean(new MapSourceRecord(source))).getEventId();
    // An attacker who knows every field but the user id tries the candidates with the public hash.
    assertThat(eventId).isNotEqualTo(EventIds.stableHash(new MapSourceRecord(source)));
    EventCleaner otherKey = cleaner(mapping, policy().pseudonymizer(Pseudonymizer.withKey("other")).build());
    assertThat(valid(otherKey.clean(new MapSourceRecord(source))).getEventId()).isNotEqualTo(eventId);
    assertThat(valid(keyed.clean(new MapSourceRecord(source))).getEventId()).isEqualTo(eventId);
    Map<String, String> otherUser = new LinkedHashMap<>(source);
    otherUser.put("user", "u2");
    assertThat(valid(keyed.clean(new MapSourceRecord(otherUser))).getEventId()).isNotEqualTo(eventId);
  }

  @Test
  void unmappedFieldsAreDroppedUnlessAllowed() {
    Map<String, String> source = row("email", "ann@example.com", "Country", "UK");
    assertThat(valid(clean(source)).getAttributes()).doesNotContainKeys("email", "Country");
    Map<String, String> mapping = new HashMap<>(SHOP);
    mapping.put(FieldMapping.ATTRIBUTES_KEEP, "Country, segment");
    UserEvent kept = valid(cleaner(mapping, policy().build()).clean(new MapSourceRecord(source)));
    assertThat(kept.getAttributes()).containsEntry("Country", "UK").doesNotContainKey("email");
  }
}
