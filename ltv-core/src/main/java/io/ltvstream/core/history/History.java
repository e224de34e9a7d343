package io.ltvstream.core.history;

import io.ltvstream.avro.EngineeredEvent;
import java.util.List;

/**
 * Events read from a history file, with the reader's accounting: every record read is either
 * an event here or counted as invalid ({@code records = events + invalid}).
 *
 * @param events the valid events, in file order
 * @param records data records read (header and blank lines are not records)
 * @param invalid records that could not be read, each for a reason
 * @param problems the reasons of the first few invalid records, naming file and line
 */
public record History(List<EngineeredEvent> events, long records, long invalid,
    List<String> problems) {
  /** How many reasons {@link #problems} keeps. */
  public static final int PROBLEMS_KEPT = 10;

  public History {
    events = List.copyOf(events);
    problems = List.copyOf(problems);
    if (records != events.size() + invalid) {
      throw new IllegalArgumentException("records (" + records + ") must equal events ("
          + events.size() + ") + invalid (" + invalid + ")");
    }
  }
}
