package io.ltvstream.core.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link SourceRecord} over an ordered map of field name to text value. */
public final class MapSourceRecord implements SourceRecord {
  private final Map<String, String> values;
  private final List<String> names;

  public MapSourceRecord(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.names = List.copyOf(this.values.keySet());
  }

  @Override
  public String get(String field) {
    return field == null ? null : values.get(field);
  }

  @Override
  public List<String> fieldNames() {
    return names;
  }

  /** The record as an ordered map (unmodifiable), e.g. to echo the original into a reject. */
  public Map<String, String> asMap() {
    return values;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
