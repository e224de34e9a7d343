package io.ltvstream.cli;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.history.EngineeredEventFileReader;
import io.ltvstream.core.history.History;
import io.ltvstream.core.history.HistoryFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reading a history file in one of the {@link InputFormat}s, and the one replay order of it. */
final class HistoryInput {
  /**
   * Event time, then user id, then event id: a total order, so every run over the same input
   * yields the same sequence (what makes a backfill resumable), and per user it is event-time order.
   */
  static final Comparator<EngineeredEvent> REPLAY_ORDER = Comparator.comparing(EngineeredEvent::getEventTime)
      .thenComparing(EngineeredEvent::getUserId)
      .thenComparing(e -> e.getEventId() == null ? "" : e.getEventId());

  private HistoryInput() {}

  static History read(Path input, InputFormat format) throws IOException, HistoryFormatException {
    return switch (format) {
      case cdnow -> CdnowReader.read(input);
      case events -> EngineeredEventFileReader.read(input);
    };
  }

  /** The events of {@code history} in {@link #REPLAY_ORDER}. */
  static List<EngineeredEvent> inReplayOrder(History history) {
    List<EngineeredEvent> ordered = new ArrayList<>(history.events());
    ordered.sort(REPLAY_ORDER);
    return ordered;
  }
}
