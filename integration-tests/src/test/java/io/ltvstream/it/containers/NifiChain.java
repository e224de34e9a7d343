package io.ltvstream.it.containers;

import io.ltvstream.nifi.CleanUserEvents;
import io.ltvstream.nifi.DeduplicateUserEvents;
import io.ltvstream.nifi.EngineerEventFeatures;
import io.ltvstream.nifi.avro.LtvAvroMessageWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.nifi.avro.AvroReader;
import org.apache.nifi.avro.AvroRecordSetWriter;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * The ingest flow in nifi-mock, as flows/ltv-ingest.json wires it: raw JSON FlowFiles through
 * CleanUserEvents, DeduplicateUserEvents and EngineerEventFeatures with NiFi's own JSON and Avro
 * readers and writers, then LtvAvroMessageWriter turning each record into the Kafka message
 * PublishKafka would send (key = user_id).
 */
final class NifiChain {
  record Message(String key, byte[] value) {}

  /** What came out: per-reason invalid counts, duplicates, and the messages for ltv-events. */
  record Output(long raw, Map<String, Long> invalidReasons, long duplicates, List<Message> messages) {
    long invalid() {
      return invalidReasons.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static final String JSON_READER = "json-reader";
  private static final String JSON_WRITER = "json-writer";
  private static final String AVRO_READER = "avro-reader";
  private static final String AVRO_WRITER = "avro-writer";

  private NifiChain() {}

  /** @param flowFiles each FlowFile's raw JSON records ({@code customer, when, what, price}) */
  static Output run(List<List<String>> flowFiles) throws Exception {
    TestRunner clean = runner(CleanUserEvents.class);
    clean.setProperty(CleanUserEvents.RECORD_READER, JSON_READER);
    clean.setProperty(CleanUserEvents.RECORD_WRITER, AVRO_WRITER);
    clean.setProperty(CleanUserEvents.INVALID_RECORD_WRITER, JSON_WRITER);
    clean.setProperty(CleanUserEvents.USER_ID_FIELD, "customer");
    clean.setProperty(CleanUserEvents.EVENT_TIME_FIELD, "when");
    clean.setProperty(CleanUserEvents.EVENT_TYPE_FIELD, "what");
    clean.setProperty(CleanUserEvents.AMOUNT_FIELD, "price");
    long raw = 0;
    for (List<String> records : flowFiles) {
      clean.enqueue("[" + String.join(",\n", records) + "]");
      raw += records.size();
    }
    clean.run(flowFiles.size());
    clean.assertTransferCount(CleanUserEvents.REL_FAILURE, 0);
    Map<String, Long> reasons = new TreeMap<>();
    for (MockFlowFile flowFile : clean.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID)) {
      flowFile.getAttributes().forEach((name, value) -> {
        if (name.startsWith("ltv.invalid.reason.")) {
          reasons.merge(name.substring("ltv.invalid.reason.".length()), Long.parseLong(value), Long::sum);
        }
      });
    }

    TestRunner dedupe = runner(DeduplicateUserEvents.class);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_READER, AVRO_READER);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_WRITER, AVRO_WRITER);
    dedupe.setProperty(DeduplicateUserEvents.WINDOW, "365 days");
    forwardAll(clean.getFlowFilesForRelationship(CleanUserEvents.REL_VALID), dedupe);
    dedupe.assertTransferCount(DeduplicateUserEvents.REL_FAILURE, 0);
    long duplicates = dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE).stream()
        .mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();

    TestRunner engineer = runner(EngineerEventFeatures.class);
    engineer.setProperty(EngineerEventFeatures.RECORD_READER, AVRO_READER);
    engineer.setProperty(EngineerEventFeatures.RECORD_WRITER, AVRO_WRITER);
    forwardAll(dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_UNIQUE), engineer);
    engineer.assertTransferCount(EngineerEventFeatures.REL_FAILURE, 0);

    return new Output(raw, reasons, duplicates,
        publish(engineer, engineer.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS)));
  }

  /** PublishKafka's use of a RecordSetWriterFactory: one writer, one record, one message. */
  private static List<Message> publish(TestRunner runner, List<MockFlowFile> flowFiles) throws Exception {
    LtvAvroMessageWriter writer = new LtvAvroMessageWriter();
    runner.addControllerService("ltv-messages", writer);
    runner.enableControllerService(writer);
    AvroReader reader = (AvroReader) runner.getControllerService(AVRO_READER);
    List<Message> messages = new ArrayList<>();
    for (MockFlowFile flowFile : flowFiles) {
      byte[] content = flowFile.toByteArray();
      try (RecordReader records = reader.createRecordReader(flowFile.getAttributes(),
          new ByteArrayInputStream(content), content.length, runner.getLogger())) {
        Record record;
        while ((record = records.nextRecord()) != null) {
          ByteArrayOutputStream value = new ByteArrayOutputStream();
          try (RecordSetWriter message = writer.createWriter(runner.getLogger(),
              writer.getSchema(Map.of(), record.getSchema()), value, Map.of())) {
            message.write(record);
          }
          messages.add(new Message(record.getAsString("user_id"), value.toByteArray()));
        }
      }
    }
    return messages;
  }

  private static TestRunner runner(Class<? extends org.apache.nifi.processor.Processor> processor) throws Exception {
    TestRunner runner = TestRunners.newTestRunner(processor);
    JsonTreeReader jsonReader = new JsonTreeReader();
    runner.addControllerService(JSON_READER, jsonReader);
    runner.enableControllerService(jsonReader);
    JsonRecordSetWriter jsonWriter = new JsonRecordSetWriter();
    runner.addControllerService(JSON_WRITER, jsonWriter);
    runner.enableControllerService(jsonWriter);
    AvroReader avroReader = new AvroReader();
    runner.addControllerService(AVRO_READER, avroReader);
    runner.enableControllerService(avroReader);
    AvroRecordSetWriter avroWriter = new AvroRecordSetWriter();
    runner.addControllerService(AVRO_WRITER, avroWriter);
    runner.enableControllerService(avroWriter);
    return runner;
  }

  /** What a connection does: content and attributes move on, as a new FlowFile. */
  private static void forwardAll(List<MockFlowFile> flowFiles, TestRunner next) {
    for (MockFlowFile flowFile : flowFiles) {
      Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
      attributes.remove("uuid");
      next.enqueue(flowFile.toByteArray(), attributes);
    }
    next.run(flowFiles.size());
  }
}
