package io.ltvstream.testkit.nifi;

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
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * The ingest flow of flows/ltv-ingest.json in nifi-mock, with NiFi's real JSON and Avro readers and
 * writers: CleanUserEvents (JSON in, Avro out, rejects as JSON), DeduplicateUserEvents (Avro in and
 * out, across FlowFiles), EngineerEventFeatures (Avro EngineeredEvent out), then, on request,
 * LtvAvroMessageWriter writing one message per record as PublishKafka does (key: the record's
 * user_id). The one driver of our chain for the benchmark and the integration tests.
 *
 * <p>One instance is one run over fresh processors. CleanUserEvents falls back to reading a
 * FlowFile line by line when its record reader fails, as the shipped flow configures it, so a bad
 * line is one invalid record; any FlowFile on a failure relationship fails the run.
 */
public final class LtvIngestChain {
  /** A Kafka message as PublishKafka would send it. */
  public record Message(String key, byte[] value) {}

  /**
   * What the chain did, in records: whatever came in = invalid + duplicates + unique.
   *
   * @param cleaned records CleanUserEvents passed as valid
   * @param invalid records CleanUserEvents rejected, each bad line of a FlowFile among them
   * @param invalidReasons the rejected records per reason (CleanUserEvents' ltv.invalid.reason.* attributes)
   * @param duplicates records DeduplicateUserEvents routed to duplicate
   * @param unique records DeduplicateUserEvents passed as unique
   * @param engineered records EngineerEventFeatures wrote
   * @param nanos time spent in the processors' runs
   */
  public record Outcome(long cleaned, long invalid, Map<String, Long> invalidReasons,
      long duplicates, long unique, long engineered, long nanos) {}

  private static final String JSON_READER = "json-reader";
  private static final String JSON_WRITER = "json-writer";
  private static final String AVRO_READER = "avro-reader";
  private static final String AVRO_WRITER = "avro-writer";
  private static final String INVALID_REASON = "ltv.invalid.reason.";

  /** The ./ltv prepare mapping keys and the CleanUserEvents property each one sets. */
  private static final Map<String, PropertyDescriptor> MAPPED_PROPERTIES = Map.ofEntries(
      Map.entry("field.user_id", CleanUserEvents.USER_ID_FIELD),
      Map.entry("field.event_time", CleanUserEvents.EVENT_TIME_FIELD),
      Map.entry("time.pattern", CleanUserEvents.TIME_PATTERN),
      Map.entry("time.zone", CleanUserEvents.TIME_ZONE),
      Map.entry("field.event_type", CleanUserEvents.EVENT_TYPE_FIELD),
      Map.entry("field.amount", CleanUserEvents.AMOUNT_FIELD),
      Map.entry("field.currency", CleanUserEvents.CURRENCY_FIELD),
      Map.entry("field.quantity", CleanUserEvents.QUANTITY_FIELD),
      Map.entry("field.product_id", CleanUserEvents.PRODUCT_ID_FIELD),
      Map.entry("field.category", CleanUserEvents.CATEGORY_FIELD),
      Map.entry("field.channel", CleanUserEvents.CHANNEL_FIELD),
      Map.entry("field.region", CleanUserEvents.REGION_FIELD),
      Map.entry("field.age", CleanUserEvents.AGE_FIELD),
      Map.entry("field.event_id", CleanUserEvents.EVENT_ID_FIELD));

  private final TestRunner clean;
  private final TestRunner dedupe;
  private final TestRunner engineer;
  private long nanos;

  private LtvIngestChain(Map<String, String> mapping) throws Exception {
    clean = runner(new CleanUserEvents());
    clean.setProperty(CleanUserEvents.RECORD_READER, JSON_READER);
    clean.setProperty(CleanUserEvents.RECORD_WRITER, AVRO_WRITER);
    clean.setProperty(CleanUserEvents.INVALID_RECORD_WRITER, JSON_WRITER);
    mapping.forEach((key, value) -> {
      PropertyDescriptor property = MAPPED_PROPERTIES.get(key);
      if (property != null) {
        clean.setProperty(property, value);
      }
    });
    dedupe = runner(new DeduplicateUserEvents());
    dedupe.setProperty(DeduplicateUserEvents.RECORD_READER, AVRO_READER);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_WRITER, AVRO_WRITER);
    engineer = runner(new EngineerEventFeatures());
    engineer.setProperty(EngineerEventFeatures.RECORD_READER, AVRO_READER);
    engineer.setProperty(EngineerEventFeatures.RECORD_WRITER, AVRO_WRITER);
  }

  /**
   * @param mapping the ./ltv prepare mapping ({@code field.user_id}, {@code time.pattern}, ...); each
   *     key present sets its CleanUserEvents property, absent keys keep the processor's default
   */
  public static LtvIngestChain mappedBy(Map<String, String> mapping) throws Exception {
    return new LtvIngestChain(mapping);
  }

  /** Runs the FlowFiles (raw JSON) through Clean, Dedupe and Engineer; times only the processors' work. */
  public Outcome run(List<byte[]> flowFiles) {
    cleanAll(flowFiles);
    List<MockFlowFile> cleaned = clean.getFlowFilesForRelationship(CleanUserEvents.REL_VALID);
    List<MockFlowFile> rejected = clean.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID);

    forwardAll(cleaned, dedupe);
    requireNone(dedupe, DeduplicateUserEvents.REL_FAILURE);
    List<MockFlowFile> unique = dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_UNIQUE);

    forwardAll(unique, engineer);
    requireNone(engineer, EngineerEventFeatures.REL_FAILURE);

    return new Outcome(recordCount(cleaned), recordCount(rejected), invalidReasons(rejected),
        recordCount(dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE)),
        recordCount(unique), recordCount(engineer.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS)),
        nanos);
  }

  /** After {@link #run}: PublishKafka's use of a RecordSetWriterFactory, one writer, one record, one message. */
  public List<Message> messages() throws Exception {
    LtvAvroMessageWriter writer = new LtvAvroMessageWriter();
    engineer.addControllerService("ltv-messages", writer);
    engineer.enableControllerService(writer);
    AvroReader reader = (AvroReader) engineer.getControllerService(AVRO_READER);
    List<Message> messages = new ArrayList<>();
    for (MockFlowFile flowFile : engineer.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS)) {
      byte[] content = flowFile.toByteArray();
      try (RecordReader records = reader.createRecordReader(flowFile.getAttributes(),
          new ByteArrayInputStream(content), content.length, engineer.getLogger())) {
        for (Record record = records.nextRecord(); record != null; record = records.nextRecord()) {
          ByteArrayOutputStream value = new ByteArrayOutputStream();
          try (RecordSetWriter message = writer.createWriter(engineer.getLogger(),
              writer.getSchema(Map.of(), record.getSchema()), value, Map.of())) {
            message.write(record);
          }
          messages.add(new Message(record.getAsString("user_id"), value.toByteArray()));
        }
      }
    }
    return messages;
  }

  /** All FlowFiles queued, then one run over them; none may fail (a bad line is an invalid record). */
  private void cleanAll(List<byte[]> flowFiles) {
    flowFiles.forEach(clean::enqueue);
    timedRun(clean, flowFiles.size());
    requireNone(clean, CleanUserEvents.REL_FAILURE);
  }

  private void timedRun(TestRunner runner, int flowFiles) {
    long start = System.nanoTime();
    runner.run(Math.max(1, flowFiles));
    nanos += System.nanoTime() - start;
  }

  /** What a connection does: content and attributes move on as new FlowFiles; all queued, then one run. */
  private void forwardAll(List<MockFlowFile> flowFiles, TestRunner next) {
    for (MockFlowFile flowFile : flowFiles) {
      Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
      attributes.remove("uuid");
      next.enqueue(flowFile.toByteArray(), attributes);
    }
    timedRun(next, flowFiles.size());
  }

  private static void requireNone(TestRunner runner, Relationship relationship) {
    int failed = runner.getFlowFilesForRelationship(relationship).size();
    if (failed > 0) {
      throw new IllegalStateException(failed + " FlowFiles went to " + relationship.getName() + " in "
          + runner.getProcessor().getClass().getSimpleName());
    }
  }

  private static Map<String, Long> invalidReasons(List<MockFlowFile> rejected) {
    Map<String, Long> reasons = new TreeMap<>();
    for (MockFlowFile flowFile : rejected) {
      flowFile.getAttributes().forEach((name, value) -> {
        if (name.startsWith(INVALID_REASON)) {
          reasons.merge(name.substring(INVALID_REASON.length()), Long.parseLong(value), Long::sum);
        }
      });
    }
    return reasons;
  }

  private static long recordCount(List<MockFlowFile> flowFiles) {
    return flowFiles.stream().mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
  }

  private static TestRunner runner(Processor processor) throws Exception {
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
}
