package io.ltvstream.core.history;

import io.ltvstream.avro.EngineeredEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads the Avro container file of {@link EngineeredEvent} records that {@code ./ltv prepare}
 * writes (and NiFi's AvroRecordSetWriter with the same schema). Older writer schemas resolve
 * through Avro's schema resolution, since the container carries its writer schema.
 */
public final class EngineeredEventFileReader {
  private EngineeredEventFileReader() {}

  /**
   * @throws HistoryFormatException when the file is not an Avro container of EngineeredEvent
   */
  public static History read(Path file) throws IOException {
    String source = file.getFileName().toString();
    List<EngineeredEvent> events = new ArrayList<>();
    SpecificDatumReader<EngineeredEvent> datumReader =
        new SpecificDatumReader<>(EngineeredEvent.class);
    try (DataFileReader<EngineeredEvent> in = new DataFileReader<>(file.toFile(), datumReader)) {
      while (in.hasNext()) {
        events.add(in.next(null));
      }
    } catch (AvroRuntimeException e) {
      throw new HistoryFormatException(source + " is not a readable Avro container of"
          + " EngineeredEvent records after " + events.size() + " records: " + e.getMessage(), e);
    } catch (IOException e) {
      if (events.isEmpty() && e.getMessage() != null && e.getMessage().contains("Not an Avro")) {
        throw new HistoryFormatException(source + " is not an Avro container file"
            + " (--format events reads what ./ltv prepare writes)", e);
      }
      throw e;
    }
    return new History(events, events.size(), 0, List.of());
  }
}
