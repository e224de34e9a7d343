package io.ltvstream.cli.demo;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.cleaning.CleanResult;
import io.ltvstream.core.cleaning.CleaningPolicy;
import io.ltvstream.core.cleaning.EventCleaner;
import io.ltvstream.core.dedupe.EventDeduplicator;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.mapping.FieldMapping;
import io.ltvstream.core.prepare.JsonLinesSourceReader;
import io.ltvstream.core.prepare.PreparePipeline;
import io.ltvstream.core.prepare.SourceLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The NiFi flow's logic on a file of raw JSON lines, in-process: the same core cleaner, dedupe
 * window and per-record features that CleanUserEvents, DeduplicateUserEvents and
 * EngineerEventFeatures run. Counts every record into exactly one outcome.
 */
final class ShopIngest {
  /** What became of the raw records: raw = valid + invalid + duplicates. */
  static final class Counts {
    long raw;
    long valid;
    long invalid;
    long duplicates;
    final Map<String, Long> reasons = new TreeMap<>();
  }

  private final EventCleaner cleaner;
  private final EventDeduplicator dedupe;

  ShopIngest(Map<String, String> mappingSettings) {
    this.cleaner = new EventCleaner(FieldMapping.of(mappingSettings), CleaningPolicy.of(mappingSettings));
    this.dedupe = new EventDeduplicator(PreparePipeline.DEFAULT_DEDUPE_WINDOW, PreparePipeline.DEFAULT_DEDUPE_MAX_EVENTS);
  }

  /** Reads {@code rawLines} to the end, handing each valid, first-seen event to {@code valid}. */
  Counts run(Path rawLines, Consumer<EngineeredEvent> valid, Runnable afterEachRecord) throws IOException {
    Counts counts = new Counts();
    String sourceId = rawLines.getFileName().toString();
    try (JsonLinesSourceReader reader = new JsonLinesSourceReader(
        Files.newBufferedReader(rawLines, StandardCharsets.UTF_8), PreparePipeline.MAX_RECORD_CHARS)) {
      for (SourceLine line = reader.next(); line != null; line = reader.next()) {
        counts.raw++;
        if (line.isMalformed()) {
          reject(counts, line.malformed().reason().code());
        } else {
          CleanResult result = cleaner.clean(line.record());
          if (result instanceof CleanResult.Invalid invalid) {
            reject(counts, invalid.rejection().reason().code());
          } else {
            UserEvent event = ((CleanResult.Valid) result).event();
            if (dedupe.check(event.getEventId(), event.getEventTime().toEpochMilli())
                == EventDeduplicator.Verdict.DUPLICATE) {
              counts.duplicates++;
            } else {
              counts.valid++;
              valid.accept(EventFeatures.engineer(event, sourceId, line.lineNumber()));
            }
          }
        }
        afterEachRecord.run();
      }
    }
    return counts;
  }

  private static void reject(Counts counts, String reason) {
    counts.invalid++;
    counts.reasons.merge(reason, 1L, Long::sum);
  }
}
