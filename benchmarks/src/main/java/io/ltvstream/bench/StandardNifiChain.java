package io.ltvstream.bench;

import io.ltvstream.core.synthetic.SyntheticShop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.avro.AvroRecordSetWriter;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processors.standard.DeduplicateRecord;
import org.apache.nifi.processors.standard.UpdateRecord;
import org.apache.nifi.processors.standard.ValidateRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * NiFi's nearest equivalent of our chain, from nifi-standard-processors: ValidateRecord against an
 * explicit schema (ids and time required), DeduplicateRecord on /event_id (single-file hash set, its
 * default and its cheapest), UpdateRecord normalizing the category and deriving hour and weekday from
 * the event time through RecordPath, written as Avro.
 */
final class StandardNifiChain implements NifiChain {
  /** The raw record as the reader sees it: every field optional, so that bad records still read. */
  static final String RAW_SCHEMA = """
      {"type":"record","name":"RawShopEvent","fields":[
        {"name":"event_id","type":["null","string"],"default":null},
        {"name":"user_id","type":["null","string"],"default":null},
        {"name":"event_time","type":["null","string"],"default":null},
        {"name":"event_type","type":["null","string"],"default":null},
        {"name":"amount","type":["null","double"],"default":null},
        {"name":"currency","type":["null","string"],"default":null},
        {"name":"quantity","type":["null","int"],"default":null},
        {"name":"product_id","type":["null","string"],"default":null},
        {"name":"category","type":["null","string"],"default":null},
        {"name":"channel","type":["null","string"],"default":null},
        {"name":"region","type":["null","string"],"default":null},
        {"name":"age","type":["null","int"],"default":null}]}""";
  /** What ValidateRecord accepts: ids, time, type and amount present. */
  static final String VALID_SCHEMA = """
      {"type":"record","name":"ShopEvent","fields":[
        {"name":"event_id","type":"string"},
        {"name":"user_id","type":"string"},
        {"name":"event_time","type":"string"},
        {"name":"event_type","type":"string"},
        {"name":"amount","type":"double"},
        {"name":"currency","type":["null","string"],"default":null},
        {"name":"quantity","type":["null","int"],"default":null},
        {"name":"product_id","type":["null","string"],"default":null},
        {"name":"category","type":["null","string"],"default":null},
        {"name":"channel","type":["null","string"],"default":null},
        {"name":"region","type":["null","string"],"default":null},
        {"name":"age","type":["null","int"],"default":null}]}""";
  private static final String TIME = "toDate(/event_time, \"" + SyntheticShop.TIME_PATTERN + "\", \"UTC\")";

  @Override
  public String name() {
    return "standard chain";
  }

  @Override
  public Result run(List<byte[]> flowFiles) throws Exception {
    TestRunner validate = runner(new ValidateRecord(), "json");
    validate.setProperty("schema-access-strategy", "schema-text-property");
    validate.setProperty("schema-text", VALID_SCHEMA);
    validate.setProperty("allow-extra-fields", "false");
    validate.setProperty("strict-type-checking", "true");

    TestRunner dedupe = runner(new DeduplicateRecord(), "json");
    dedupe.setProperty("deduplication-strategy", "single");
    dedupe.setProperty("record-hashing-algorithm", "none");
    dedupe.setProperty("filter-type", "hash-set");
    dedupe.setProperty("/event_id", "/event_id");

    TestRunner update = runner(new UpdateRecord(), "avro");
    update.setProperty("Replacement Value Strategy", "record-path-value");
    update.setProperty("/category", "toLowerCase(/category)");
    update.setProperty("/event_hour", "format(" + TIME + ", \"H\", \"UTC\")");
    update.setProperty("/event_weekday", "format(" + TIME + ", \"u\", \"UTC\")");

    Map<String, Long> counts = new LinkedHashMap<>();
    long nanos = 0;
    List<byte[]> current = flowFiles;
    Stage[] stages = {
      new Stage(validate, relationship("valid"), "valid", relationship("invalid"), "invalid"),
      new Stage(dedupe, relationship("non-duplicate"), "unique", relationship("duplicate"), "duplicate"),
      new Stage(update, relationship("success"), "engineered", relationship("failure"), "failure"),
    };
    for (Stage stage : stages) {
      for (byte[] content : current) {
        stage.runner.enqueue(content);
      }
      long start = System.nanoTime();
      stage.runner.run(current.size());
      nanos += System.nanoTime() - start;
      List<byte[]> next = new ArrayList<>();
      for (MockFlowFile flowFile : stage.runner.getFlowFilesForRelationship(stage.pass)) {
        next.add(flowFile.toByteArray());
        counts.merge(stage.passName, recordCount(flowFile), Long::sum);
      }
      for (MockFlowFile flowFile : stage.runner.getFlowFilesForRelationship(stage.reject)) {
        counts.merge(stage.rejectName, recordCount(flowFile), Long::sum);
      }
      current = next;
    }
    return new Result(nanos, counts);
  }

  /** Relationships are equal by name; the processors keep their constants package-private. */
  private static Relationship relationship(String name) {
    return new Relationship.Builder().name(name).build();
  }

  private static long recordCount(MockFlowFile flowFile) {
    String count = flowFile.getAttribute("record.count");
    return count == null ? 1 : Long.parseLong(count);
  }

  private static TestRunner runner(Processor processor, String writerFormat) throws InitializationException {
    TestRunner runner = TestRunners.newTestRunner(processor);
    JsonTreeReader reader = new JsonTreeReader();
    runner.addControllerService("reader", reader);
    runner.setProperty(reader, "schema-access-strategy", "schema-text-property");
    runner.setProperty(reader, "schema-text", RAW_SCHEMA);
    runner.enableControllerService(reader);
    if ("avro".equals(writerFormat)) {
      AvroRecordSetWriter writer = new AvroRecordSetWriter();
      runner.addControllerService("writer", writer);
      runner.enableControllerService(writer);
    } else {
      JsonRecordSetWriter writer = new JsonRecordSetWriter();
      runner.addControllerService("writer", writer);
      runner.setProperty(writer, "output-grouping", "output-oneline");
      runner.enableControllerService(writer);
    }
    String readerProperty = processor instanceof UpdateRecord ? "Record Reader" : "record-reader";
    String writerProperty = processor instanceof UpdateRecord ? "Record Writer" : "record-writer";
    runner.setProperty(readerProperty, "reader");
    runner.setProperty(writerProperty, "writer");
    if (processor instanceof ValidateRecord) {
      runner.setProperty("invalid-record-writer", "writer");
    }
    runner.setValidateExpressionUsage(false);
    return runner;
  }

  private record Stage(TestRunner runner, Relationship pass, String passName, Relationship reject, String rejectName) {}
}
