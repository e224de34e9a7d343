package io.ltvstream.nifi.record;

import io.ltvstream.core.mapping.MapSourceRecord;
import io.ltvstream.core.mapping.SourceRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.nifi.serialization.record.Record;

/**
 * Turns a NiFi record into the text view the cleaning rules read: strings stay, numbers and
 * booleans become their text, timestamps their ISO-8601 instant (so a typed reader and a text
 * reader give the same event), nested values their text.
 */
public final class SourceRecords {
  private SourceRecords() {}

  public static SourceRecord of(Record record) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : record.getRawFieldNames()) {
      values.put(name, text(record.getValue(name)));
    }
    return new MapSourceRecord(values);
  }

  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime().toString();
    }
    if (value instanceof java.util.Date date) {
      return Instant.ofEpochMilli(date.getTime()).toString();
    }
    if (value instanceof Object[] array) {
      return Arrays.deepToString(array);
    }
    if (value instanceof Record nested) {
      return nested.toMap().toString();
    }
    return value.toString();
  }
}
