package io.ltvstream.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void identicalRecordsShareAnIdWhateverTheFieldOrder() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("user", "u1");
    a.put("amount", "10");
    Map<String, String> b = new LinkedHashMap<>();
    b.put("amount", "10");
    b.put("user", "u1");
    assertThat(EventIds.stableHash(new MapSourceRecord(a)))
        .isEqualTo(EventIds.stableHash(new MapSourceRecord(b)))
        .hasSize(32);
  }

  @Test
  void anyDifferenceInNamesOrValuesChangesTheId() {
    String base = EventIds.stableHash(new MapSourceRecord(Map.of("ab", "c")));
    assertThat(EventIds.stableHash(new MapSourceRecord(Map.of("a", "bc")))).isNotEqualTo(base);
    assertThat(EventIds.stableHash(new MapSourceRecord(Map.of("ab", "d")))).isNotEqualTo(base);
    assertThat(EventIds.stableHash(new MapSourceRecord(Map.of("ab", ""))))
        .isNotEqualTo(EventIds.stableHash(new MapSourceRecord(Map.of())));
  }

  @Test
  void aNullFieldIsTheSameAsAnAbsentOne() {
    Map<String, String> withNull = new LinkedHashMap<>();
    withNull.put("user", "u1");
    withNull.put("coupon", null);
    assertThat(EventIds.stableHash(new MapSourceRecord(withNull)))
        .isEqualTo(EventIds.stableHash(new MapSourceRecord(Map.of("user", "u1"))));
  }
}
