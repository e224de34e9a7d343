package io.ltvstream.core.mapping;

import java.nio.file.Path;
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

  /**
   * {@code configured}, or else the format {@code input}'s name says (.csv, .tsv, .txt; .jsonl,
   * .ndjson, .json; each optionally .gz).
   *
   * @throws MappingException when neither tells, naming the setting to add to {@code mappingName}
   */
  public static SourceFormat of(Path input, SourceFormat configured, String mappingName) {
    if (configured != null) {
      return configured;
    }
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
    if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
      return csv;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return jsonl;
    }
    throw new MappingException("cannot tell the format of " + input.getFileName()
        + " from its name: set format=csv or format=jsonl in the " + mappingName);
  }
}
