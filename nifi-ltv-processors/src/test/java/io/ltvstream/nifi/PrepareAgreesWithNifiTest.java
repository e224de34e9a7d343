package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.prepare.PreparePipeline;
import io.ltvstream.core.prepare.PrepareSummary;
import io.ltvstream.core.prepare.ProgressListener;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One code path: the example mapping file, given to the processors as property names (migrated to the Title Case
 * names) and to {@code ./ltv prepare}, yields the same events and the same reasons from the same records.
 */
class PrepareAgreesWithNifiTest {
  @TempDir
  Path dir;

  @Test
  void theProcessorsAndPrepareProduceTheSameEvents() throws Exception {
    Properties mapping = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of("..", "examples", "shop-mapping.properties"))) {
      mapping.load(reader);
    }
    // NiFi's JSON reader fails a whole FlowFile on a malformed line; prepare rejects only that line.
    List<String> wellFormed = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("..", "examples", "shop-events-dirty.jsonl"))) {
      if (line.startsWith("{") && line.endsWith("}")) {
        wellFormed.add(line);
      }
    }
    Path input = Files.write(dir.resolve("events.jsonl"), wellFormed);

    Map<String, String> settings = new HashMap<>();
    mapping.stringPropertyNames().forEach(key -> settings.put(key, mapping.getProperty(key)));
    Path out = dir.resolve("events.avro");
    PrepareSummary summary = PreparePipeline.of(settings).run(input, out, null, ProgressListener.NONE);
    List<EngineeredEvent> prepared = new ArrayList<>();
    try (DataFileReader<EngineeredEvent> reader =
             new DataFileReader<>(out.toFile(), new SpecificDatumReader<>(EngineeredEvent.class))) {
      reader.forEach(prepared::add);
    }

    TestRunner clean = TestRunners.newTestRunner(CleanUserEvents.class);
    TestRunner dedupe = TestRunners.newTestRunner(DeduplicateUserEvents.class);
    settings.forEach((key, value) -> {
      if (key.startsWith("dedupe.")) {
        dedupe.setProperty(key, value);
      } else if (!key.equals("format")) {
        clean.setProperty(key, value);
      }
    });
    clean.migrateProperties();
    dedupe.migrateProperties();
    RecordServices.addAll(clean);
    clean.setProperty(CleanUserEvents.RECORD_READER, RecordServices.JSON_READER);
    clean.setProperty(CleanUserEvents.RECORD_WRITER, RecordServices.AVRO_WRITER);
    clean.assertValid();
    clean.enqueue(input);
    clean.run();

    Map<String, Long> nifiReasons = new TreeMap<>();
    clean.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst().getAttributes().forEach((name, value) -> {
      if (name.startsWith("ltv.invalid.reason.")) {
        nifiReasons.put(name.substring("ltv.invalid.reason.".length()), Long.parseLong(value));
      }
    });
    assertThat(nifiReasons).isEqualTo(summary.reasons());

    RecordServices.addAll(dedupe);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_READER, RecordServices.AVRO_READER);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_WRITER, RecordServices.AVRO_WRITER);
    dedupe.assertValid();
    MockFlowFile valid = clean.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst();
    dedupe.enqueue(valid.toByteArray());
    dedupe.run();
    dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE).getFirst()
        .assertAttributeEquals("record.count", Long.toString(summary.duplicates()));

    TestRunner engineer = TestRunners.newTestRunner(EngineerEventFeatures.class);
    RecordServices.addAll(engineer);
    engineer.setProperty(EngineerEventFeatures.RECORD_READER, RecordServices.AVRO_READER);
    engineer.setProperty(EngineerEventFeatures.RECORD_WRITER, RecordServices.AVRO_WRITER);
    engineer.enqueue(dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_UNIQUE).getFirst().toByteArray());
    engineer.run();
    List<EngineeredEvent> fromNifi = RecordServices.readAvro(
        engineer.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS).getFirst(), EngineeredEvent.class);

    assertThat(withoutLineage(fromNifi)).isEqualTo(withoutLineage(prepared)).hasSize((int) summary.valid());
  }

  /** Lineage differs by design: a FlowFile uuid and record index in NiFi, a file name and line number in prepare. */
  private static List<EngineeredEvent> withoutLineage(List<EngineeredEvent> events) {
    List<EngineeredEvent> stripped = new ArrayList<>();
    for (EngineeredEvent event : events) {
      stripped.add(EngineeredEvent.newBuilder(event).setSourceId(null).setSourcePosition(null).build());
    }
    return stripped;
  }
}
