package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CleanUserEventsTest {
  private TestRunner runner;

  private static final String SHOP_EVENTS = """
      [{"event_id":"e1","user":" U1 ","ts":"2024-03-01T10:00:00Z","type":"purchase","amount":20.0,"cur":"EUR","cat":" Books "},
       {"event_id":"e2","user":"u2","ts":"2024-03-01 11:00:00","type":"page_view"},
       {"event_id":"e3","ts":"2024-03-01T10:00:00Z","type":"purchase","amount":5},
       {"event_id":"e4","user":"u4","ts":"soon","type":"purchase","amount":5},
       {"event_id":"e5","user":"u5","ts":"2024-03-01T10:00:00Z","type":"teleport","amount":5},
       {"event_id":"e6","user":"u6","ts":"2024-03-01T10:00:00Z","type":"purchase","amount":"NaN"},
       {"event_id":"e7","user":"u7","ts":"2024-03-01T10:00:00Z","type":"purchase","amount":9000},
       {"event_id":"e8","user":"u8","ts":"2099-01-01T00:00:00Z","type":"purchase","amount":5},
       {"event_id":"e9","user":"u9","ts":"2024-03-01T10:00:00Z","type":"refund","amount":7.5,"cur":"JPY"}]
      """;

  @BeforeEach
  void setUp() throws InitializationException {
    runner = TestRunners.newTestRunner(CleanUserEvents.class);
    RecordServices.addAll(runner);
    runner.setProperty(CleanUserEvents.RECORD_READER, RecordServices.JSON_READER);
    runner.setProperty(CleanUserEvents.RECORD_WRITER, RecordServices.AVRO_WRITER);
    runner.setProperty(CleanUserEvents.INVALID_RECORD_WRITER, RecordServices.JSON_WRITER);
    runner.setProperty(CleanUserEvents.USER_ID_FIELD, "user");
    runner.setProperty(CleanUserEvents.EVENT_TIME_FIELD, "ts");
    runner.setProperty(CleanUserEvents.EVENT_TYPE_FIELD, "type");
    runner.setProperty(CleanUserEvents.AMOUNT_FIELD, "amount");
    runner.setProperty(CleanUserEvents.CURRENCY_FIELD, "cur");
    runner.setProperty(CleanUserEvents.CATEGORY_FIELD, "cat");
    runner.setProperty(CleanUserEvents.EVENT_ID_FIELD, "event_id");
    runner.setProperty(CleanUserEvents.CURRENCY_RATES, "EUR=1.10");
  }

  @Test
  void splitsValidFromInvalidWithAReasonForEach() throws IOException {
    runner.enqueue(SHOP_EVENTS);
    runner.run();

    runner.assertTransferCount(CleanUserEvents.REL_VALID, 1);
    runner.assertTransferCount(CleanUserEvents.REL_INVALID, 1);
    runner.assertTransferCount(CleanUserEvents.REL_FAILURE, 0);

    MockFlowFile valid = runner.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst();
    valid.assertAttributeEquals("record.count", "3");
    valid.assertAttributeEquals(CleanUserEvents.VALID_COUNT_ATTRIBUTE, "3");
    valid.assertAttributeEquals(CleanUserEvents.INVALID_COUNT_ATTRIBUTE, "6");
    assertThat(valid.getAttribute(CleanUserEvents.SOURCE_ID_ATTRIBUTE)).isNotBlank();
    List<UserEvent> events = RecordServices.readAvro(valid, UserEvent.class);
    assertThat(events).extracting(UserEvent::getEventId).containsExactly("e1", "e2", "e7");
    UserEvent first = events.getFirst();
    assertThat(first.getUserId()).isEqualTo("U1");
    assertThat(first.getEventTime()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    assertThat(first.getAmount()).isCloseTo(22.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(first.getCurrency()).isEqualTo("USD");
    assertThat(first.getCategory()).isEqualTo("books");
    assertThat(first.getAttributes()).containsEntry("source_currency", "EUR");
    assertThat(events.get(1).getEventType()).isEqualTo(EventType.VIEW);

    MockFlowFile invalid = runner.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst();
    invalid.assertAttributeEquals("record.count", "6");
    invalid.assertAttributeEquals("ltv.invalid.reason.missing_user_id", "1");
    invalid.assertAttributeEquals("ltv.invalid.reason.unparsable_event_time", "1");
    invalid.assertAttributeEquals("ltv.invalid.reason.unknown_event_type", "1");
    invalid.assertAttributeEquals("ltv.invalid.reason.non_finite_amount", "1");
    invalid.assertAttributeEquals("ltv.invalid.reason.future_event_time", "1");
    invalid.assertAttributeEquals("ltv.invalid.reason.unknown_currency", "1");
    invalid.assertAttributeEquals(CleanUserEvents.REASONS_ATTRIBUTE,
        "future_event_time,missing_user_id,non_finite_amount,unknown_currency,unknown_event_type,unparsable_event_time");
    String content = invalid.getContent();
    assertThat(content).contains("\"event_id\":\"e4\"", "\"ltv_reject_reason\":\"unparsable_event_time\"",
        "\"ltv_reject_detail\":\"event time 'soon'");

    assertThat(runner.getCounterValue("Records Valid")).isEqualTo(3);
    assertThat(runner.getCounterValue("Records Invalid")).isEqualTo(6);
    assertThat(runner.getCounterValue("Records Invalid: unknown_currency")).isEqualTo(1);
  }

  @Test
  void validRecordsCarryTheUserEventSchemaExactly() throws IOException {
    runner.enqueue(SHOP_EVENTS);
    runner.run();
    MockFlowFile valid = runner.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst();
    try (DataFileStream<GenericRecord> stream = new DataFileStream<>(
        new java.io.ByteArrayInputStream(valid.toByteArray()), new GenericDatumReader<>())) {
      assertThat(stream.getSchema()).isEqualTo(UserEvent.getClassSchema());
    }
  }

  @Test
  void readsCsvWithQuantityTimesPriceAndARefundRule() throws IOException {
    runner.setProperty(CleanUserEvents.RECORD_READER, RecordServices.CSV_READER);
    runner.removeProperty(CleanUserEvents.EVENT_TYPE_FIELD);
    runner.removeProperty(CleanUserEvents.AMOUNT_FIELD);
    runner.removeProperty(CleanUserEvents.CATEGORY_FIELD);
    runner.removeProperty(CleanUserEvents.CURRENCY_FIELD);
    runner.setProperty(CleanUserEvents.USER_ID_FIELD, "CustomerID");
    runner.setProperty(CleanUserEvents.EVENT_TIME_FIELD, "InvoiceDate");
    runner.setProperty(CleanUserEvents.TIME_PATTERN, "dd/MM/yyyy HH:mm");
    runner.setProperty(CleanUserEvents.TIME_ZONE, "Europe/London");
    runner.setProperty(CleanUserEvents.QUANTITY_FIELD, "Quantity");
    runner.setProperty(CleanUserEvents.UNIT_PRICE_FIELD, "UnitPrice");
    runner.setProperty(CleanUserEvents.PRODUCT_ID_FIELD, "StockCode");
    runner.setProperty(CleanUserEvents.EVENT_ID_FIELD, "InvoiceNo");
    runner.setProperty(CleanUserEvents.REFUND_RULE, "field:InvoiceNo startsWith C");
    runner.setProperty(CleanUserEvents.DEFAULT_CURRENCY, "GBP");
    runner.setProperty(CleanUserEvents.CURRENCY_RATES, "GBP=1.25");
    runner.setProperty(CleanUserEvents.BASE_CURRENCY, "USD");
    runner.setProperty(CleanUserEvents.KEPT_ATTRIBUTE_FIELDS, "Country");
    runner.enqueue("""
        InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        536365,85123A,6,01/07/2011 08:26,2.55,17850,United Kingdom
        C536379,D,-1,01/07/2011 09:41,27.50,14527,United Kingdom
        536380,22961,-3,01/07/2011 09:45,1.45,14527,United Kingdom
        """);
    runner.run();

    List<UserEvent> events = RecordServices.readAvro(
        runner.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst(), UserEvent.class);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).getAmount()).isCloseTo(6 * 2.55 * 1.25, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(events.get(0).getEventTime()).isEqualTo(Instant.parse("2011-07-01T07:26:00Z"));
    assertThat(events.get(0).getProductId()).isEqualTo("85123A");
    assertThat(events.get(0).getAttributes()).containsEntry("Country", "United Kingdom");
    assertThat(events.get(1).getEventType()).isEqualTo(EventType.REFUND);
    assertThat(events.get(1).getAmount()).isCloseTo(-27.5 * 1.25, org.assertj.core.data.Offset.offset(1e-9));
    runner.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst()
        .assertAttributeEquals("ltv.invalid.reason.negative_amount", "1");
  }

  @Test
  void withoutAFallbackContentThatIsNotRecordsGoesToFailureWhole() {
    runner.setProperty(CleanUserEvents.FALLBACK_LINE_FORMAT, CleanUserEvents.LineFormat.NONE);
    runner.enqueue("{\"user\": \"u1\", \"ts\": ");
    runner.run();
    runner.assertAllFlowFilesTransferred(CleanUserEvents.REL_FAILURE, 1);
    runner.getFlowFilesForRelationship(CleanUserEvents.REL_FAILURE).getFirst()
        .assertContentEquals("{\"user\": \"u1\", \"ts\": ");
  }

  @ParameterizedTest
  @EnumSource(CleanUserEvents.OutlierHandling.class)
  void everyOutlierPolicy(CleanUserEvents.OutlierHandling policy) throws IOException {
    runner.setProperty(CleanUserEvents.OUTLIER_BOUND, "1000");
    runner.setProperty(CleanUserEvents.OUTLIER_POLICY, policy);
    runner.enqueue("{\"event_id\":\"e7\",\"user\":\"u7\",\"ts\":\"2024-03-01T10:00:00Z\",\"type\":\"purchase\",\"amount\":9000}");
    runner.run();
    switch (policy) {
      case KEEP -> {
        UserEvent kept = onlyValid();
        assertThat(kept.getAmount()).isEqualTo(9000.0);
        assertThat(kept.getAttributes()).containsEntry("outlier", "true");
      }
      case CAP -> {
        UserEvent capped = onlyValid();
        assertThat(capped.getAmount()).isEqualTo(1000.0);
        assertThat(capped.getAttributes()).containsEntry("uncapped_amount", "9000.0");
      }
      case REJECT -> runner.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst()
          .assertAttributeEquals("ltv.invalid.reason.outlier_amount", "1");
      default -> throw new AssertionError(policy);
    }
  }

  @ParameterizedTest
  @EnumSource(CleanUserEvents.UnknownTypeHandling.class)
  void everyUnknownTypePolicy(CleanUserEvents.UnknownTypeHandling handling) throws IOException {
    runner.setProperty(CleanUserEvents.UNKNOWN_EVENT_TYPE, handling);
    runner.enqueue("{\"event_id\":\"e5\",\"user\":\"u5\",\"ts\":\"2024-03-01T10:00:00Z\",\"type\":\"teleport\",\"amount\":0}");
    runner.run();
    if (handling == CleanUserEvents.UnknownTypeHandling.OTHER) {
      UserEvent other = onlyValid();
      assertThat(other.getEventType()).isEqualTo(EventType.OTHER);
      assertThat(other.getAttributes()).containsEntry("source_event_type", "teleport");
    } else {
      runner.assertAllFlowFilesTransferred(CleanUserEvents.REL_INVALID, 1);
    }
  }

  @Test
  void everyRemainingPropertyTakesEffect() throws IOException {
    runner.setProperty(CleanUserEvents.PSEUDONYMIZATION_KEY, "secret");
    runner.setProperty(CleanUserEvents.CHANNEL_FIELD, "ch");
    runner.setProperty(CleanUserEvents.AGE_FIELD, "age");
    runner.setProperty(CleanUserEvents.GENDER_FIELD, "g");
    runner.setProperty(CleanUserEvents.REGION_FIELD, "r");
    runner.setProperty(CleanUserEvents.BASE_CURRENCY, "EUR");
    runner.setProperty(CleanUserEvents.CURRENCY_RATES, "USD=0.5");
    runner.setProperty(CleanUserEvents.FUTURE_TOLERANCE, "1000 days");
    runner.setProperty(CleanUserEvents.MAX_FIELD_LENGTH, "15");
    runner.enqueue("""
        [{"event_id":"e1","user":"u1","ts":1709287200000,"type":"purchase","amount":10,"ch":" WEB ","age":"42","g":"f","r":"DE"},
         {"event_id":"e2","user":"u1","ts":"2024-03-01","type":"purchase","amount":1,"r":"a very long region"}]""");
    runner.run();
    UserEvent e = onlyValid();
    // printf u1 | openssl dgst -sha256 -hmac secret
    assertThat(e.getUserId()).isEqualTo("8a629605d37d74d6c872140bed892da5f3739914899fdd6171dfe43031786151");
    assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochMilli(1709287200000L));
    assertThat(e.getChannel()).isEqualTo("web");
    assertThat(e.getAge()).isEqualTo(42);
    assertThat(e.getGender()).isEqualTo("f");
    assertThat(e.getRegion()).isEqualTo("DE");
    assertThat(e.getCurrency()).isEqualTo("EUR");
    assertThat(e.getAmount()).isEqualTo(5.0);
    runner.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst()
        .assertAttributeEquals("ltv.invalid.reason.field_too_long", "1");
  }

  @Test
  void settingsThatCannotWorkMakeTheProcessorInvalid() {
    runner.assertValid();
    runner.setProperty(CleanUserEvents.REFUND_RULE, "quantity is negative");
    runner.assertNotValid();
    runner.setProperty(CleanUserEvents.REFUND_RULE, "quantity<0");
    runner.setProperty(CleanUserEvents.CURRENCY_RATES, "EUR:1.1");
    runner.assertNotValid();
    runner.setProperty(CleanUserEvents.CURRENCY_RATES, "EUR=1.1");
    runner.setProperty(CleanUserEvents.TIME_ZONE, "Nowhere/Special");
    runner.assertNotValid();
  }

  @Test
  void migratesMappingKeysAndEarlierNames() {
    TestRunner old = TestRunners.newTestRunner(CleanUserEvents.class);
    old.setProperty("record-reader", "r");
    old.setProperty("field.user_id", "customer");
    old.setProperty("field.event_time", "when");
    old.setProperty("refund.when", "quantity<0");
    old.setProperty("outlier.bound", "1000");
    old.setProperty("outlier.policy", "cap");
    old.setProperty("unknown.type", "other");
    old.setProperty("attributes.keep", "Country");
    old.setProperty("csv.delimiter", ";");

    PropertyMigrationResult result = old.migrateProperties();

    assertThat(result.getPropertiesRenamed()).containsAllEntriesOf(Map.of(
        "record-reader", "Record Reader", "field.user_id", "User ID Field", "field.event_time", "Event Time Field",
        "refund.when", "Refund Rule", "outlier.policy", "Outlier Policy", "unknown.type", "Unknown Event Type",
        "attributes.keep", "Kept Attribute Fields", "csv.delimiter", "CSV Delimiter"));
    assertThat(old.getProcessContext().getProperty(CleanUserEvents.USER_ID_FIELD).getValue()).isEqualTo("customer");
    assertThat(old.getProcessContext().getProperty(CleanUserEvents.OUTLIER_POLICY).getValue()).isEqualTo("CAP");
    assertThat(old.getProcessContext().getProperty(CleanUserEvents.UNKNOWN_EVENT_TYPE).getValue()).isEqualTo("OTHER");
  }

  @Test
  void aMalformedQuoteInCsvIsOneMalformedRecordAndTheRestGoesOn() throws IOException {
    runner.setProperty(CleanUserEvents.RECORD_READER, RecordServices.CSV_READER);
    runner.setProperty(CleanUserEvents.FALLBACK_LINE_FORMAT, CleanUserEvents.LineFormat.CSV);
    runner.setProperty(CleanUserEvents.CSV_DELIMITER, ";");
    runner.removeProperty(CleanUserEvents.EVENT_TYPE_FIELD);
    runner.removeProperty(CleanUserEvents.CURRENCY_FIELD);
    runner.removeProperty(CleanUserEvents.CATEGORY_FIELD);
    runner.enqueue("""
        event_id;user;ts;amount
        e1;u1;2024-03-01T10:00:00Z;5
        e2;"ab"cd;2024-03-01T10:00:00Z;6
        e3;u3;2024-03-01T10:00:00Z;7
        """);
    runner.run();

    runner.assertTransferCount(CleanUserEvents.REL_FAILURE, 0);
    List<UserEvent> events = RecordServices.readAvro(
        runner.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst(), UserEvent.class);
    assertThat(events).extracting(UserEvent::getUserId).containsExactly("u1", "u3");
    MockFlowFile invalid = runner.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst();
    invalid.assertAttributeEquals("ltv.invalid.reason.malformed_record", "1");
    assertThat(invalid.getContent()).contains("\"ltv_reject_line\":\"3\"");
  }

  private UserEvent onlyValid() throws IOException {
    runner.assertTransferCount(CleanUserEvents.REL_VALID, 1);
    List<UserEvent> events = RecordServices.readAvro(
        runner.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst(), UserEvent.class);
    assertThat(events).hasSize(1);
    return events.getFirst();
  }
}
