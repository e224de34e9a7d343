package io.ltvstream.it;

import io.ltvstream.nifi.CleanUserEvents;
import io.ltvstream.nifi.DeduplicateUserEvents;
import io.ltvstream.nifi.EngineerEventFeatures;
import io.ltvstream.nifi.avro.LtvAvroMessageWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.avro.AvroReader;
import org.apache.nifi.avro.AvroRecordSetWriter;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * The ingest flow of flows/ltv-ingest.json in nifi-mock, with NiFi's real JSON and Avro readers and
 * writers: CleanUserEvents, DeduplicateUserEvents, EngineerEventFeatures, then LtvAvroMessageWriter
 * writing one message per record as PublishKafka does (key: the record's user_id). A FlowFile that
 * CleanUserEvents cannot read (a garbage line breaks the JSON reader) is split into single lines
 * and retried, as a SplitText on the failure relationship would; a line that fails alone is an
 * unreadable record and counts as invalid.
 */
final class NifiIngestFlow {
  /** A Kafka message as PublishKafka would send it. */
  record Message(String key, byte[] value) {}

  /** What the flow did: raw = valid + invalid + duplicates; messages = valid. */
  record Outcome(long raw, long valid, long invalid, long unreadable, long duplicates, List<Message> messages) {}

  private static final String JSON_READER = "json-reader";
  private static final String AVRO_READER = "avro-reader";
  private static final String AVRO_WRITER = "avro-writer";
  private static final String JSON_WRITER = "json-writer";

  private final Map<String, String> mapping;

  /** @param mapping the ./ltv prepare mapping keys (field.user_id, ...), set as the processor's properties */
  NifiIngestFlow(Map<String, String> mapping) {
    this.mapping = mapping;
  }

  Outcome run(List<String> lines, int linesPerFlowFile) throws Exception {
    TestRunner clean = runner(new CleanUserEvents());
    clean.setProperty(CleanUserEvents.RECORD_READER, JSON_READER);
    clean.setProperty(CleanUserEvents.RECORD_WRITER, AVRO_WRITER);
    clean.setProperty(CleanUserEvents.INVALID_RECORD_WRITER, JSON_WRITER);
    clean.setProperty(CleanUserEvents.USER_ID_FIELD, mapping.get("field.user_id"));
    clean.setProperty(CleanUserEvents.EVENT_TIME_FIELD, mapping.get("field.event_time"));
    clean.setProperty(CleanUserEvents.TIME_PATTERN, mapping.get("time.pattern"));
    clean.setProperty(CleanUserEvents.TIME_ZONE, mapping.get("time.zone"));
    clean.setProperty(CleanUserEvents.EVENT_TYPE_FIELD, mapping.get("field.event_type"));
    clean.setProperty(CleanUserEvents.AMOUNT_FIELD, mapping.get("field.amount"));
    clean.setProperty(CleanUserEvents.CURRENCY_FIELD, mapping.get("field.currency"));
    clean.setProperty(CleanUserEvents.QUANTITY_FIELD, mapping.get("field.quantity"));
    clean.setProperty(CleanUserEvents.PRODUCT_ID_FIELD, mapping.get("field.product_id"));
    clean.setProperty(CleanUserEvents.CATEGORY_FIELD, mapping.get("field.category"));
    clean.setProperty(CleanUserEvents.CHANNEL_FIELD, mapping.get("field.channel"));
    clean.setProperty(CleanUserEvents.REGION_FIELD, mapping.get("field.region"));
    clean.setProperty(CleanUserEvents.AGE_FIELD, mapping.get("field.age"));
    clean.setProperty(CleanUserEvents.EVENT_ID_FIELD, mapping.get("field.event_id"));

    long failedBatches = 0;
    for (int i = 0; i < lines.size(); i += linesPerFlowFile) {
      List<String> batch = lines.subList(i, Math.min(lines.size(), i + linesPerFlowFile));
      if (!cleanOnce(clean, batch)) {
        failedBatches++;
        batch.forEach(line -> cleanOnce(clean, List.of(line)));
      }
    }
    long unreadable = clean.getFlowFilesForRelationship(CleanUserEvents.REL_FAILURE).size() - failedBatches;
    long invalid = recordCount(clean.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID)) + unreadable;

    TestRunner dedupe = runner(new DeduplicateUserEvents());
    dedupe.setProperty(DeduplicateUserEvents.RECORD_READER, AVRO_READER);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_WRITER, AVRO_WRITER);
    List<MockFlowFile> validFlowFiles = clean.getFlowFilesForRelationship(CleanUserEvents.REL_VALID);
    forwardAll(validFlowFiles, dedupe);
    long duplicates = recordCount(dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE));
    requireNone(dedupe, DeduplicateUserEvents.REL_FAILURE);

    TestRunner engineer = runner(new EngineerEventFeatures());
    engineer.setProperty(EngineerEventFeatures.RECORD_READER, AVRO_READER);
    engineer.setProperty(EngineerEventFeatures.RECORD_WRITER, AVRO_WRITER);
    forwardAll(dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_UNIQUE), engineer);
    requireNone(engineer, EngineerEventFeatures.REL_FAILURE);

    LtvAvroMessageWriter messageWriter = new LtvAvroMessageWriter();
    engineer.addControllerService("messages", messageWriter);
    engineer.enableControllerService(messageWriter);
    AvroReader avroReader = (AvroReader) engineer.getControllerService(AVRO_READER);
    List<Message> messages = new ArrayList<>();
    for (MockFlowFile flowFile : engineer.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS)) {
      byte[] content = flowFile.toByteArray();
      try (RecordReader reader = avroReader.createRecordReader(flowFile.getAttributes(),
          new ByteArrayInputStream(content), content.length, engineer.getLogger())) {
        for (Record record = reader.nextRecord(); record != null; record = reader.nextRecord()) {
          messages.add(new Message(record.getAsString("user_id"), message(messageWriter, engineer, record)));
        }
      }
    }
    long valid = messages.size();
    return new Outcome(lines.size(), valid, invalid, unreadable, duplicates, messages);
  }

  /** One FlowFile of these lines through CleanUserEvents; false when it went to failure. */
  private static boolean cleanOnce(TestRunner clean, List<String> lines) {
    int failuresBefore = clean.getFlowFilesForRelationship(CleanUserEvents.REL_FAILURE).size();
    clean.enqueue((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    clean.run();
    return clean.getFlowFilesForRelationship(CleanUserEvents.REL_FAILURE).size() == failuresBefore;
  }

  private static byte[] message(RecordSetWriterFactory writers, TestRunner runner, Record record) throws Exception {
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    try (RecordSetWriter writer = writers.createWriter(runner.getLogger(),
        writers.getSchema(Map.of(), record.getSchema()), value, Map.of())) {
      writer.write(record);
    }
    return value.toByteArray();
  }

  private static TestRunner runner(Processor processor) throws Exception {
    TestRunner runner = TestRunners.newTestRunner(processor);
    JsonTreeReader json = new JsonTreeReader();
    runner.addControllerService(JSON_READER, json);
    runner.enableControllerService(json);
    AvroReader avro = new AvroReader();
    runner.addControllerService(AVRO_READER, avro);
    runner.enableControllerService(avro);
    AvroRecordSetWriter avroWriter = new AvroRecordSetWriter();
    runner.addControllerService(AVRO_WRITER, avroWriter);
    runner.enableControllerService(avroWriter);
    JsonRecordSetWriter jsonWriter = new JsonRecordSetWriter();
    runner.addControllerService(JSON_WRITER, jsonWriter);
    runner.enableControllerService(jsonWriter);
    return runner;
  }

  /** What a connection does: content and attributes move on; all queued, then one run over them. */
  private static void forwardAll(List<MockFlowFile> flowFiles, TestRunner next) {
    for (MockFlowFile flowFile : flowFiles) {
      Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
      attributes.remove("uuid");
      next.enqueue(flowFile.toByteArray(), attributes);
    }
    next.run(Math.max(1, flowFiles.size()));
  }

  private static void requireNone(TestRunner runner, Relationship relationship) {
    List<MockFlowFile> failed = runner.getFlowFilesForRelationship(relationship);
    if (!failed.isEmpty()) {
      throw new AssertionError(failed.size() + " FlowFiles went to " + relationship.getName()
          + " in " + runner.getProcessor().getClass().getSimpleName());
    }
  }

  private static long recordCount(List<MockFlowFile> flowFiles) {
    return flowFiles.stream().mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
  }
}
