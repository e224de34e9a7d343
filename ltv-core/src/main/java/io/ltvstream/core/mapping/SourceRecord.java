package io.ltvstream.core.mapping;

import java.util.List;

/**
 * One raw record as text: a CSV row, a JSON line or a NiFi record. Values are strings because the
 * rules that interpret them (time patterns, numbers, refund rules) work on what the source said,
 * whatever reader produced it.
 */
public interface SourceRecord {
  /** The value of {@code field} as text, or null when the field is absent or null. */
  String get(String field);

  /** The field names, in source order. */
  List<String> fieldNames();
}
