package io.ltvstream.core.history;

import io.ltvstream.avro.EngineeredEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Avro container file of {@link EngineeredEvent} records that {@code ./ltv prepare}
 * writes (and NiFi's AvroRecordSetWriter with the same schema). Older writer schemas resolve
 * through Avro's schema resolution, since the container carries its writer schema.
 */
public final class EngineeredEventFileReader {
  private EngineeredEventFileReader() {}

  /**
   * @throws HistoryFormatException when the file is not an Avro container of EngineeredEvent, or
   *     is truncated
   */
  public static History read(Path file) throws IOException {
    List<EngineeredEvent> events = new ArrayList<>();
    AvroContainerFile.read(file, EngineeredEvent.class,
        "--format events reads what ./ltv prepare writes", events::add);
    return new History(events, events.size(), 0, List.of());
  }
}
