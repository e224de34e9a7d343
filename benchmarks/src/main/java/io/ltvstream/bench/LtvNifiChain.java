package io.ltvstream.bench;

import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.nifi.CleanUserEvents;
import io.ltvstream.nifi.DeduplicateUserEvents;
import io.ltvstream.nifi.EngineerEventFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.avro.AvroReader;
import org.apache.nifi.avro.AvroRecordSetWriter;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * Our chain as flows/ltv-ingest.json wires it: CleanUserEvents (NiFi's JSON reader in, Avro out,
 * rejects as JSON), DeduplicateUserEvents (Avro in and out, across FlowFiles), EngineerEventFeatures
 * (Avro in, Avro EngineeredEvent out), mapped with the shop's own settings.
 */
final class LtvNifiChain implements NifiChain {
  @Override
  public String name() {
    return "ltv chain";
  }

  @Override
  public Result run(List<byte[]> flowFiles) throws Exception {
    Map<String, String> mapping = SyntheticShop.mappingSettings();
    TestRunner clean = runner(new CleanUserEvents());
    clean.setProperty(CleanUserEvents.RECORD_READER, "json-reader");
    clean.setProperty(CleanUserEvents.RECORD_WRITER, "avro-writer");
    clean.setProperty(CleanUserEvents.INVALID_RECORD_WRITER, "json-writer");
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

    TestRunner dedupe = runner(new DeduplicateUserEvents());
    dedupe.setProperty(DeduplicateUserEvents.RECORD_READER, "avro-reader");
    dedupe.setProperty(DeduplicateUserEvents.RECORD_WRITER, "avro-writer");

    TestRunner engineer = runner(new EngineerEventFeatures());
    engineer.setProperty(EngineerEventFeatures.RECORD_READER, "avro-reader");
    engineer.setProperty(EngineerEventFeatures.RECORD_WRITER, "avro-writer");

    Map<String, Long> counts = new LinkedHashMap<>();
    long nanos = 0;
    List<MockFlowFile> current = new ArrayList<>();
    for (byte[] content : flowFiles) {
      clean.enqueue(content);
    }
    nanos += timed(clean, flowFiles.size());
    current = clean.getFlowFilesForRelationship(CleanUserEvents.REL_VALID);
    counts.put("valid", recordCount(current));
    counts.put("invalid", recordCount(clean.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID)));
    requireNone(clean, CleanUserEvents.REL_FAILURE);

    forward(current, dedupe);
    nanos += timed(dedupe, current.size());
    current = dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_UNIQUE);
    counts.put("unique", recordCount(current));
    counts.put("duplicate", recordCount(dedupe.getFlowFilesForRelationship(DeduplicateUserEvents.REL_DUPLICATE)));

    forward(current, engineer);
    nanos += timed(engineer, current.size());
    counts.put("engineered", recordCount(engineer.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS)));
    requireNone(engineer, EngineerEventFeatures.REL_FAILURE);
    return new Result(nanos, counts);
  }

  private static long timed(TestRunner runner, int flowFiles) {
    long start = System.nanoTime();
    runner.run(Math.max(1, flowFiles));
    return System.nanoTime() - start;
  }

  private static void forward(List<MockFlowFile> flowFiles, TestRunner next) {
    for (MockFlowFile flowFile : flowFiles) {
      Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
      attributes.remove("uuid");
      next.enqueue(flowFile.toByteArray(), attributes);
    }
  }

  private static void requireNone(TestRunner runner, Relationship relationship) {
    int failed = runner.getFlowFilesForRelationship(relationship).size();
    if (failed > 0) {
      throw new IllegalStateException(failed + " FlowFiles went to " + relationship.getName() + " in "
          + runner.getProcessor().getClass().getSimpleName());
    }
  }

  private static long recordCount(List<MockFlowFile> flowFiles) {
    return flowFiles.stream().mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
  }

  private static TestRunner runner(Processor processor) throws Exception {
    TestRunner runner = TestRunners.newTestRunner(processor);
    JsonTreeReader json = new JsonTreeReader();
    runner.addControllerService("json-reader", json);
    runner.enableControllerService(json);
    AvroReader avro = new AvroReader();
    runner.addControllerService("avro-reader", avro);
    runner.enableControllerService(avro);
    AvroRecordSetWriter avroWriter = new AvroRecordSetWriter();
    runner.addControllerService("avro-writer", avroWriter);
    runner.enableControllerService(avroWriter);
    JsonRecordSetWriter jsonWriter = new JsonRecordSetWriter();
    runner.addControllerService("json-writer", jsonWriter);
    runner.enableControllerService(jsonWriter);
    return runner;
  }
}
