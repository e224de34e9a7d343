package io.ltvstream.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMappingTest {
  @Test
  void userIdAndEventTimeAreRequired() {
    assertThatThrownBy(() -> FieldMapping.of(Map.of(FieldMapping.EVENT_TIME, "t")))
        .isInstanceOf(MappingException.class).hasMessageContaining("field.user_id");
    assertThatThrownBy(() -> FieldMapping.of(Map.of(FieldMapping.USER_ID, "u")))
        .isInstanceOf(MappingException.class).hasMessageContaining("field.event_time");
  }

  @Test
  void readsCsvSettingsAndDefaults() {
    FieldMapping tabs = FieldMapping.of(Map.of(FieldMapping.USER_ID, "u", FieldMapping.EVENT_TIME, "t",
        FieldMapping.CSV_DELIMITER, "\\t", FieldMapping.CSV_HEADER, "false", FieldMapping.FORMAT, "CSV"));
    assertThat(tabs.csvDelimiter()).isEqualTo('\t');
    assertThat(tabs.csvHeader()).isFalse();
    assertThat(tabs.format()).isEqualTo(SourceFormat.csv);
    assertThat(tabs.currencyDefault()).isEqualTo("USD");

    FieldMapping plain = FieldMapping.of(Map.of(FieldMapping.USER_ID, "u", FieldMapping.EVENT_TIME, "t"));
    assertThat(plain.csvDelimiter()).isEqualTo(',');
    assertThat(plain.csvHeader()).isTrue();
    assertThat(plain.format()).isNull();
  }

  @Test
  void rejectsSettingsThatCannotWork() {
    Map<String, String> base = Map.of(FieldMapping.USER_ID, "u", FieldMapping.EVENT_TIME, "t");
    assertThatThrownBy(() -> FieldMapping.of(with(base, FieldMapping.TIME_ZONE, "Mars/Olympus")))
        .hasMessageContaining("time.zone");
    assertThatThrownBy(() -> FieldMapping.of(with(base, FieldMapping.FORMAT, "xml")))
        .hasMessageContaining("csv or jsonl");
    assertThatThrownBy(() -> FieldMapping.of(with(base, FieldMapping.CSV_DELIMITER, ";;")))
        .hasMessageContaining("csv.delimiter");
    assertThatThrownBy(() -> FieldMapping.of(with(base, FieldMapping.UNIT_PRICE, "p")))
        .hasMessageContaining("field.quantity");
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    java.util.Map<String, String> copy = new java.util.HashMap<>(base);
    copy.put(key, value);
    return copy;
  }
}
