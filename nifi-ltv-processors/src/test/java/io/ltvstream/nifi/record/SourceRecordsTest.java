package io.ltvstream.nifi.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.core.mapping.SourceRecord;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.junit.jupiter.api.Test;

class SourceRecordsTest {
  @Test
  void typedValuesBecomeTheTextATextReaderWouldGive() {
    SimpleRecordSchema schema = new SimpleRecordSchema(List.of(
        new RecordField("ts", RecordFieldType.TIMESTAMP.getDataType()),
        new RecordField("amount", RecordFieldType.DOUBLE.getDataType()),
        new RecordField("gone", RecordFieldType.STRING.getDataType())));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("ts", new Timestamp(Instant.parse("2024-03-01T10:00:00Z").toEpochMilli()));
    values.put("amount", 12.5);
    values.put("gone", null);
    SourceRecord source = SourceRecords.of(new MapRecord(schema, values));
    assertThat(source.get("ts")).isEqualTo("2024-03-01T10:00:00Z");
    assertThat(source.get("amount")).isEqualTo("12.5");
    assertThat(source.get("gone")).isNull();
    assertThat(source.fieldNames()).containsExactly("ts", "amount", "gone");
  }
}
