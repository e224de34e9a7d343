package io.ltvstream.core.history;

import java.util.List;

/**
 * A history file read into {@link EventColumns}, with the reader's accounting as in
 * {@link History}: {@code records = events + invalid}.
 *
 * @param events the valid events, in file order
 * @param records data records read (header and blank lines are not records)
 * @param invalid records that could not be read, each for a reason
 * @param problems the reasons of the first few invalid records, naming file and line
 */
public record ColumnarHistory(EventColumns events, long records, long invalid,
    List<String> problems) {
  public ColumnarHistory {
    problems = List.copyOf(problems);
    if (records != events.size() + invalid) {
      throw new IllegalArgumentException("records (" + records + ") must equal events ("
          + events.size() + ") + invalid (" + invalid + ")");
    }
  }
}
