package io.ltvstream.nifi.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;

class AvroRecordsTest {
  private final AvroRecords<UserEvent> records = new AvroRecords<>(UserEvent.class);

  private static final UserEvent EVENT = UserEvent.newBuilder().setEventId("e1").setUserId("u1")
      .setEventTime(Instant.parse("2024-03-01T10:00:00Z")).setEventType(EventType.REFUND).setAmount(-4.5)
      .setQuantity(1).setAttributes(Map.of("k", "v")).build();

  @Test
  void theSchemaCarriesTheAvroTextAndNiFiTypes() {
    RecordSchema schema = records.recordSchema();
    assertThat(schema.getSchemaFormat()).contains("avro");
    assertThat(schema.getSchemaText()).contains(UserEvent.getClassSchema().toString());
    assertThat(schema.getField("event_time").orElseThrow().getDataType().getFieldType()).isEqualTo(RecordFieldType.TIMESTAMP);
    assertThat(schema.getField("event_type").orElseThrow().getDataType().getFieldType()).isEqualTo(RecordFieldType.ENUM);
    assertThat(schema.getField("quantity").orElseThrow().isNullable()).isTrue();
    assertThat(schema.getField("user_id").orElseThrow().isNullable()).isFalse();
  }

  @Test
  void roundTrips() {
    Record record = records.toRecord(EVENT);
    assertThat(record.getValue("event_time")).isEqualTo(new Timestamp(EVENT.getEventTime().toEpochMilli()));
    assertThat(record.getValue("event_type")).isEqualTo("REFUND");
    assertThat(records.fromRecord(record)).isEqualTo(EVENT);
  }

  @Test
  void readsWhatTextReadersProduce() {
    RecordSchema attributesSchema = new SimpleRecordSchema(List.of(
        new RecordField("k", RecordFieldType.STRING.getDataType())));
    Map<String, Object> values = new HashMap<>();
    values.put("event_id", "e1");
    values.put("user_id", "u1");
    values.put("event_time", "2024-03-01T10:00:00Z");
    values.put("event_type", " REFUND ");
    values.put("amount", "-4.5");
    values.put("quantity", 1L);
    values.put("attributes", new MapRecord(attributesSchema, Map.of("k", "v")));
    assertThat(records.fromRecord(new MapRecord(records.recordSchema(), values))).isEqualTo(UserEvent.newBuilder(EVENT)
        .setCurrency("USD").build());

    values.put("event_time", "1709287200000");
    assertThat(records.fromRecord(new MapRecord(records.recordSchema(), values)).getEventTime())
        .isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
  }

  @Test
  void aMissingRequiredFieldIsNamed() {
    Map<String, Object> values = new HashMap<>();
    values.put("event_id", "e1");
    values.put("user_id", "u1");
    values.put("event_type", "VIEW");
    assertThatThrownBy(() -> records.fromRecord(new MapRecord(records.recordSchema(), values)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'event_time'");
    values.put("event_time", "2024-03-01T10:00:00Z");
    values.put("event_type", "DANCE");
    assertThatThrownBy(() -> records.fromRecord(new MapRecord(records.recordSchema(), values)))
        .hasMessageContaining("'event_type'").hasMessageContaining("DANCE");
  }
}
