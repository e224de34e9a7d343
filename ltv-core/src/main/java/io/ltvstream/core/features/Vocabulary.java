package io.ltvstream.core.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bounded vocabulary of one categorical field, built from training data and stored in the model
 * bundle: a one-hot slot for each kept value and one "other" slot for every value it does not know
 * (so an unseen value never fails). A missing value (null or blank) sets no slot: neutral. Values
 * compare trimmed and lower case.
 *
 * @param field the field's name (for the step names and explanations)
 * @param values the kept values, most frequent first
 */
public record Vocabulary(String field, List<String> values) {
  public Vocabulary {
    values = List.copyOf(values);
  }

  /** An empty vocabulary: every present value goes to "other". */
  public static Vocabulary empty(String field) {
    return new Vocabulary(field, List.of());
  }

  /**
   * The at most {@code maxValues} most frequent of {@code observed} (nulls and blanks skipped) that
   * occur at least {@code minCount} times; ties go to the alphabetically first.
   */
  public static Vocabulary build(String field, Iterable<String> observed, int maxValues, int minCount) {
    Map<String, Integer> counts = new HashMap<>();
    for (String value : observed) {
      String key = normalize(value);
      if (key != null) {
        counts.merge(key, 1, Integer::sum);
      }
    }
    List<String> kept = new ArrayList<>();
    counts.entrySet().stream().filter(e -> e.getValue() >= minCount)
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(maxValues).forEach(e -> kept.add(e.getKey()));
    return new Vocabulary(field, kept);
  }

  /** Slots in the vector: one per kept value, and "other". */
  public int width() {
    return values.size() + 1;
  }

  /** The slot of {@code value}: its index, {@code values().size()} ("other") when unknown, -1 when missing. */
  public int slot(String value) {
    String key = normalize(value);
    if (key == null) {
      return -1;
    }
    int index = values.indexOf(key);
    return index >= 0 ? index : values.size();
  }

  /** Zeroes {@code out[offset..offset+width())} and sets {@code value}'s slot, if any. */
  public void encode(String value, float[] out, int offset) {
    for (int i = 0; i < width(); i++) {
      out[offset + i] = 0f;
    }
    int slot = slot(value);
    if (slot >= 0) {
      out[offset + slot] = 1f;
    }
  }

  /** The component names: {@code field=value} for each slot, then {@code field=other}. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (String value : values) {
      names.add(field + "=" + value);
    }
    names.add(field + "=other");
    return names;
  }

  static String normalize(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed.toLowerCase(Locale.ROOT);
  }
}
