package io.ltvstream.core.prepare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.cleaning.CleanResult;
import io.ltvstream.core.cleaning.CleaningPolicy;
import io.ltvstream.core.cleaning.EventCleaner;
import io.ltvstream.core.cleaning.Rejection;
import io.ltvstream.core.dedupe.EventDeduplicator;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.mapping.FieldMapping;
import io.ltvstream.core.mapping.MappingException;
import io.ltvstream.core.mapping.SourceFormat;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * {@code ./ltv prepare}: reads a csv or jsonl file (optionally gzipped) record by record, cleans,
 * deduplicates and feature-engineers each one, and writes valid events to an Avro container of
 * {@link EngineeredEvent}s and the rest to a rejects file. A bad record never stops the run; only
 * an input that cannot be read does ({@link UnreadableInputException}). Dedupe remembers every event
 * id of the file up to {@link #DEDUPE_MAX_EVENTS}, so it is exact whatever the order of the rows; ids
 * forgotten beyond that bound are counted in the summary. The rejects file keeps each rejected line as
 * it came (raw user ids included): it is the one output that does.
 */
public final class PreparePipeline {
  /** Most event ids remembered for dedupe; within it a whole file is deduplicated exactly, in any order. */
  public static final String DEDUPE_MAX_EVENTS = "dedupe.max_events";
  /** Longest record read into memory; longer ones become {@code record_too_long} rejects. */
  public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

  private static final String RETIRED_DEDUPE_WINDOW = "dedupe.window";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PROGRESS_EVERY = 10_000;

  private final EventCleaner cleaner;
  private final int dedupeMaxEvents;

  public PreparePipeline(EventCleaner cleaner, int dedupeMaxEvents) {
    this.cleaner = cleaner;
    this.dedupeMaxEvents = dedupeMaxEvents;
  }

  /** From the settings of a mapping file: mapping keys, cleaning keys and the dedupe key above. */
  public static PreparePipeline of(Map<String, String> settings) {
    if (settings.containsKey(RETIRED_DEDUPE_WINDOW)) {
      throw new MappingException(RETIRED_DEDUPE_WINDOW + " is no longer read: dedupe checks every event id"
          + " whatever its event time, bounded by " + DEDUPE_MAX_EVENTS + "; remove the key");
    }
    String max = settings.get(DEDUPE_MAX_EVENTS);
    int maxEvents;
    try {
      maxEvents = max == null || max.isBlank() ? EventDeduplicator.DEFAULT_MAX_IDS : Integer.parseInt(max.trim());
    } catch (NumberFormatException e) {
      throw new MappingException(DEDUPE_MAX_EVENTS + " '" + max + "' is not a whole number");
    }
    if (maxEvents < 1) {
      throw new MappingException(DEDUPE_MAX_EVENTS + " must be at least 1, not " + maxEvents);
    }
    return new PreparePipeline(new EventCleaner(FieldMapping.of(settings), CleaningPolicy.of(settings)), maxEvents);
  }

  /** Where the valid, first-seen events go. */
  @FunctionalInterface
  public interface EventSink {
    void accept(EngineeredEvent event) throws IOException;
  }

  /**
   * Prepares {@code input} into an Avro file of engineered events.
   *
   * @param rejects JSON-lines file of rejects, or null to count them only
   * @throws UnreadableInputException if the input cannot be opened or read
   * @throws IOException if an output cannot be written
   */
  public PrepareSummary run(Path input, Path out, Path rejects, ProgressListener progress) throws IOException {
    try (DataFileWriter<EngineeredEvent> events = new DataFileWriter<>(
        new SpecificDatumWriter<>(EngineeredEvent.class)).setCodec(CodecFactory.deflateCodec(1))) {
      events.create(EngineeredEvent.getClassSchema(), Files.newOutputStream(out));
      return process(input, events::append, rejects, progress);
    }
  }

  /**
   * The one clean, dedupe and engineer loop (of {@code ./ltv prepare} and the demo): every record
   * of {@code input} is valid (handed to {@code sink}), invalid or a duplicate.
   *
   * @param rejects JSON-lines file of rejects, or null to count them only
   * @throws UnreadableInputException if the input cannot be opened or read
   * @throws IOException if the sink or the rejects file cannot be written
   */
  public PrepareSummary process(Path input, EventSink sink, Path rejects, ProgressListener progress)
      throws IOException {
    SourceFormat format = SourceFormat.of(input, cleaner.mapping().format(), "mapping");
    long total = input.toString().endsWith(".gz") ? -1 : sizeOrUnknown(input);
    CountingInputStream counted = new CountingInputStream(open(input));
    PrepareSummary summary = new PrepareSummary(input.toString());
    EventDeduplicator dedupe = new EventDeduplicator(dedupeMaxEvents);
    String sourceId = input.getFileName().toString();
    try (SourceReader reader = readerFor(format, new BufferedInputStream(counted, 1 << 16));
         Writer rejected = rejects == null ? Writer.nullWriter()
             : new BufferedWriter(Files.newBufferedWriter(rejects, StandardCharsets.UTF_8), 1 << 16)) {
      while (true) {
        SourceLine line = readOrFail(reader, input);
        if (line == null) {
          break;
        }
        if (line.isMalformed()) {
          reject(rejected, summary, line, line.malformed());
        } else {
          CleanResult result = cleaner.clean(line.record());
          if (result instanceof CleanResult.Invalid invalid) {
            reject(rejected, summary, line, invalid.rejection());
          } else {
            UserEvent event = ((CleanResult.Valid) result).event();
            if (dedupe.check(event.getEventId()) == EventDeduplicator.Verdict.DUPLICATE) {
              summary.countDuplicate();
            } else {
              sink.accept(EventFeatures.engineer(event, sourceId, line.lineNumber()));
              summary.countValid();
            }
          }
        }
        if (summary.records() % PROGRESS_EVERY == 0) {
          progress.progress(counted.count(), total, summary.records());
        }
      }
      progress.progress(counted.count(), total, summary.records());
    }
    summary.dedupe(dedupe.stats(), dedupeMaxEvents);
    return summary;
  }

  private SourceReader readerFor(SourceFormat format, InputStream in) {
    FieldMapping mapping = cleaner.mapping();
    return switch (format) {
      case csv -> new CsvSourceReader(in, mapping.csvDelimiter(), mapping.csvHeader(), MAX_RECORD_BYTES);
      case jsonl -> new JsonLinesSourceReader(in, MAX_RECORD_BYTES, false);
    };
  }

  /** Counts {@code line} invalid for its reason and writes its rejects line (JSON: line, reason, detail, original). */
  static void reject(Writer rejected, PrepareSummary summary, SourceLine line, Rejection why)
      throws IOException {
    summary.countInvalid(why.reason());
    ObjectNode node = JSON.createObjectNode();
    node.put("line", line.lineNumber());
    node.put("reason", why.reason().code());
    node.put("detail", why.detail());
    node.put("original", line.original());
    rejected.write(JSON.writeValueAsString(node));
    rejected.write('\n');
  }

  private static SourceLine readOrFail(SourceReader reader, Path input) throws UnreadableInputException {
    try {
      return reader.next();
    } catch (IOException e) {
      throw new UnreadableInputException("cannot read " + input + ": " + e.getMessage(), e);
    }
  }

  /** {@code input}, gunzipped when its name ends in .gz; an error names the file and the reason. */
  static InputStream open(Path input) throws UnreadableInputException {
    if (Files.isDirectory(input)) {
      throw new UnreadableInputException("cannot read " + input + ": it is a directory", null);
    }
    try {
      InputStream in = Files.newInputStream(input);
      return input.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    } catch (NoSuchFileException e) {
      throw new UnreadableInputException("cannot read " + input + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new UnreadableInputException("cannot read " + input + ": permission denied", e);
    } catch (IOException e) {
      throw new UnreadableInputException("cannot read " + input + ": " + e.getMessage(), e);
    }
  }

  private static long sizeOrUnknown(Path input) {
    try {
      return Files.size(input);
    } catch (IOException e) {
      return -1;
    }
  }
}
