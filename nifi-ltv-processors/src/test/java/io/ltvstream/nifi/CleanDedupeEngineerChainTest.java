package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.nifi.avro.LtvAvroMessageWriter;
import io.ltvstream.schemas.AvroMessageCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

/**
 * The flow of flows/ltv-ingest.json in nifi-mock: a dirty corpus in three FlowFiles through Clean, Dedupe and
 * Engineer with NiFi's JSON and Avro readers and writers, then LtvAvroMessageWriter as PublishKafka uses it.
 * Every record ends in exactly one place: in = invalid + duplicate + engineered.
 */
class CleanDedupeEngineerChainTest {
  /** A good record; identical rows hash to the same event id, since the corpus has none of its own. */
  private static String good(int i) {
    return String.format("{\"customer\":\"c%d\",\"when\":\"2024-03-%02dT%02d:15:00Z\",\"what\":\"%s\",\"price\":%d.5}",
        i % 23, 1 + i % 28, i % 24, i % 5 == 0 ? "page_view" : "purchase", 10 + i);
  }

  @Test
  void everyRecordEndsUpExactlyOnceWithItsReason() throws Exception {
    List<String> valid = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      valid.add(good(i));
    }
    Map<String, List<String>> bad = new LinkedHashMap<>();
    bad.put("missing_user_id", List.of("{\"when\":\"2024-03-01T10:00:00Z\",\"what\":\"purchase\",\"price\":1}",
        "{\"customer\":\"  \",\"when\":\"2024-03-01T10:00:00Z\",\"what\":\"purchase\",\"price\":1}"));
    bad.put("unparsable_event_time", List.of("{\"customer\":\"x\",\"when\":\"31/02/2024\",\"what\":\"purchase\",\"price\":1}",
        "{\"customer\":\"x\",\"when\":\"tomorrow-ish\",\"what\":\"view\"}"));
    bad.put("missing_event_time", List.of("{\"customer\":\"x\",\"what\":\"view\"}",
        "{\"customer\":\"x\",\"when\":\"\",\"what\":\"view\",\"n\":1}"));
    bad.put("unknown_event_type", List.of("{\"customer\":\"x\",\"when\":\"2024-03-01T10:00:00Z\",\"what\":\"levitate\"}"));
    bad.put("non_finite_amount", List.of("{\"customer\":\"x\",\"when\":\"2024-03-01T10:00:00Z\",\"what\":\"purchase\",\"price\":\"Infinity\"}"));
    bad.put("unparsable_amount", List.of("{\"customer\":\"x\",\"when\":\"2024-03-01T10:00:00Z\",\"what\":\"purchase\",\"price\":\"12,50 EUR\"}"));
    bad.put("negative_amount", List.of("{\"customer\":\"x\",\"when\":\"2024-03-01T10:00:00Z\",\"what\":\"purchase\",\"price\":-3}"));
    bad.put("future_event_time", List.of("{\"customer\":\"x\",\"when\":\"2999-01-01T00:00:00Z\",\"what\":\"purchase\",\"price\":1}"));
    bad.put("field_too_long", List.of("{\"customer\":\"x\",\"when\":\"2024-03-01T10:00:00Z\",\"what\":\"view\",\"note\":\""
        + "y".repeat(70_000) + "\"}"));
    // Replays: in the same FlowFile, and in later ones.
    List<String> replays = List.of(good(3), good(4), good(50), good(51), good(52), good(99), good(0), good(119));

    List<List<String>> flowFiles = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < valid.size(); i++) {
      flowFiles.get(i / 40).add(valid.get(i));
    }
    flowFiles.get(0).add(replays.get(0));
    flowFiles.get(0).add(replays.get(1));
    flowFiles.get(1).addAll(replays.subList(2, 5));
    flowFiles.get(2).addAll(replays.subList(5, 8));
    int spread = 0;
    for (List<String> records : bad.values()) {
      for (String record : records) {
        flowFiles.get(spread++ % 3).add(record);
      }
    }
    long badCount = bad.values().stream().mapToLong(List::size).sum();
    long in = valid.size() + replays.size() + badCount;

    TestRunner clean = TestRunners.newTestRunner(CleanUserEvents.class);
    RecordServices.addAll(clean);
    clean.setProperty(CleanUserEvents.RECORD_READER, RecordServices.JSON_READER);
    clean.setProperty(CleanUserEvents.RECORD_WRITER, RecordServices.AVRO_WRITER);
    clean.setProperty(CleanUserEvents.INVALID_RECORD_WRITER, RecordServices.JSON_WRITER);
    clean.setProperty(CleanUserEvents.USER_ID_FIELD, "customer");
    clean.setProperty(CleanUserEvents.EVENT_TIME_FIELD, "when");
    clean.setProperty(CleanUserEvents.EVENT_TYPE_FIELD, "what");
    clean.setProperty(CleanUserEvents.AMOUNT_FIELD, "price");
    for (List<String> records : flowFiles) {
      clean.enqueue("[" + String.join(",\n", records) + "]");
    }
    clean.run(flowFiles.size());
    clean.assertTransferCount(CleanUserEvents.REL_FAILURE, 0);

    Map<String, Long> reasons = new TreeMap<>();
    long invalid = 0;
    for (MockFlowFile flowFile : clean.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID)) {
      invalid += Long.parseLong(flowFile.getAttribute("record.count"));
      flowFile.getAttributes().forEach((name, value) -> {
        if (name.startsWith("ltv.invalid.reason.")) {
          reasons.merge(name.substring("ltv.invalid.reason.".length()), Long.parseLong(value), Long::sum);
        }
      });
    }
    Map<String, Long> expectedReasons = new TreeMap<>();
    bad.forEach((reason, records) -> expectedReasons.put(reason, (long) records.size()));
    assertThat(reasons).isEqualTo(expectedReasons);
    assertThat(invalid).isEqualTo(badCount);

    TestRunner dedupe = TestRunners.newTestRunner(DeduplicateUserEvents.class);
    RecordServices.addAll(dedupe);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_READER, RecordServices.AVRO_READER);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_WRITER, RecordServices.AVRO_WRITER);
    for (MockFlowFile flowFile : clean.getFlowFilesForRelationship(CleanUserEvents.REL_VALID)) {
      forward(flowFile, dedupe);
    }
    dedupe.run(clean.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).size());
    dedupe.assertTransferCount(DeduplicateUserEvents.REL_FAILURE, 0);
    long duplicates = count(dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE));
    assertThat(duplicates).isEqualTo(replays.size());

    TestRunner engineer = TestRunners.newTestRunner(EngineerEventFeatures.class);
    RecordServices.addAll(engineer);
    engineer.setProperty(EngineerEventFeatures.RECORD_READER, RecordServices.AVRO_READER);
    engineer.setProperty(EngineerEventFeatures.RECORD_WRITER, RecordServices.AVRO_WRITER);
    for (MockFlowFile flowFile : dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_UNIQUE)) {
      forward(flowFile, engineer);
    }
    engineer.run(dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_UNIQUE).size());
    engineer.assertTransferCount(EngineerEventFeatures.REL_FAILURE, 0);

    List<EngineeredEvent> engineered = new ArrayList<>();
    for (MockFlowFile flowFile : engineer.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS)) {
      engineered.addAll(RecordServices.readAvro(flowFile, EngineeredEvent.class));
    }
    assertThat(engineered).hasSize(valid.size());
    assertThat(invalid + duplicates + engineered.size()).isEqualTo(in);
    Set<String> ids = new HashSet<>();
    engineered.forEach(e -> ids.add(e.getEventId()));
    assertThat(ids).hasSize(valid.size());
    String firstSourceFlowFile = clean.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst()
        .getAttribute(CleanUserEvents.SOURCE_ID_ATTRIBUTE);
    assertThat(engineered.getFirst().getSourceId()).isEqualTo(firstSourceFlowFile);

    // PublishKafka with LtvAvroMessageWriter: one message per record, keyed by user_id, decodable by the scorer.
    LtvAvroMessageWriter messageWriter = new LtvAvroMessageWriter();
    engineer.addControllerService("messages", messageWriter);
    engineer.enableControllerService(messageWriter);
    RecordReaderFactory avroReader = engineer.getControllerService(RecordServices.AVRO_READER, RecordReaderFactory.class);
    AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
    List<EngineeredEvent> decoded = new ArrayList<>();
    for (MockFlowFile flowFile : engineer.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS)) {
      byte[] content = flowFile.toByteArray();
      try (RecordReader reader = avroReader.createRecordReader(flowFile.getAttributes(),
          new ByteArrayInputStream(content), content.length, engineer.getLogger())) {
        Record record;
        while ((record = reader.nextRecord()) != null) {
          ByteArrayOutputStream value = new ByteArrayOutputStream();
          RecordSetWriterFactory writers = messageWriter;
          try (RecordSetWriter writer = writers.createWriter(engineer.getLogger(), writers.getSchema(Map.of(),
              record.getSchema()), value, Map.of())) {
            writer.write(record);
          }
          EngineeredEvent event = codec.decode(value.toByteArray());
          assertThat(event.getUserId()).isEqualTo(record.getAsString("user_id"));
          decoded.add(event);
        }
      }
    }
    assertThat(decoded).containsExactlyElementsOf(engineered);
  }

  /** What a connection does: content and attributes move on (a new FlowFile id in the next runner). */
  private static void forward(MockFlowFile flowFile, TestRunner next) {
    Map<String, String> attributes = new java.util.HashMap<>(flowFile.getAttributes());
    attributes.remove("uuid");
    next.enqueue(flowFile.toByteArray(), attributes);
  }

  private static long count(List<MockFlowFile> flowFiles) {
    return flowFiles.stream().mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
  }
}
