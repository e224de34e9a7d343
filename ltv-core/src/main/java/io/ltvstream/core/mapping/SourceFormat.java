package io.ltvstream.core.mapping;

import java.util.Locale;

/** The file formats {@code ./ltv prepare} reads (NiFi uses its own record readers instead). */
public enum SourceFormat {
  csv,
  jsonl;

  public static SourceFormat parse(String text) {
    try {
      return valueOf(text.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MappingException("format must be csv or jsonl, not '" + text + "'");
    }
  }
}
