package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

/**
 * Raw customer ids go into CleanUserEvents, DeduplicateUserEvents and EngineerEventFeatures with a
 * pseudonymization key; no byte of what they pass on (contents, decoded records, attributes, log messages) holds
 * one. The 'invalid' relationship keeps the original records by design, and is the one place that does.
 */
class RawIdsNeverLeaveTheChainTest {
  private static final List<String> RAW_IDS = List.of("CUST-7731", "CUST-0042", "CUST-5150");

  @Test
  void noRawIdInAnyOutputButInvalid() throws Exception {
    List<List<String>> flowFiles = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < 24; i++) {
      String user = RAW_IDS.get(i % RAW_IDS.size());
      String line = String.format("{\"customer\":\"%s\",\"customer_ref\":\"ref:%s\",\"at\":\"2024-03-%02dT10:00:00Z\","
          + "\"kind\":\"purchase\",\"total\":%d}", user, user, 1 + i % 28, 5 + i % 9);
      flowFiles.get(i % 2).add(line);
      if (i % 5 == 0) {
        flowFiles.get((i + 1) % 2).add(line);
      }
    }
    flowFiles.get(0).add("{\"customer\":\"CUST-7731\",\"at\":");

    TestRunner clean = TestRunners.newTestRunner(CleanUserEvents.class);
    RecordServices.addAll(clean);
    clean.setProperty(CleanUserEvents.RECORD_READER, RecordServices.JSON_READER);
    clean.setProperty(CleanUserEvents.RECORD_WRITER, RecordServices.AVRO_WRITER);
    clean.setProperty(CleanUserEvents.INVALID_RECORD_WRITER, RecordServices.JSON_WRITER);
    clean.setProperty(CleanUserEvents.USER_ID_FIELD, "customer");
    clean.setProperty(CleanUserEvents.EVENT_TIME_FIELD, "at");
    clean.setProperty(CleanUserEvents.EVENT_TYPE_FIELD, "kind");
    clean.setProperty(CleanUserEvents.AMOUNT_FIELD, "total");
    clean.setProperty(CleanUserEvents.PSEUDONYMIZATION_KEY, "s3cret");
    for (List<String> records : flowFiles) {
      clean.enqueue(String.join("\n", records));
    }
    clean.run(flowFiles.size());
    clean.assertTransferCount(CleanUserEvents.REL_FAILURE, 0);

    TestRunner dedupe = TestRunners.newTestRunner(DeduplicateUserEvents.class);
    RecordServices.addAll(dedupe);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_READER, RecordServices.AVRO_READER);
    dedupe.setProperty(DeduplicateUserEvents.RECORD_WRITER, RecordServices.AVRO_WRITER);
    forwardAll(clean, CleanUserEvents.REL_VALID, dedupe);

    TestRunner engineer = TestRunners.newTestRunner(EngineerEventFeatures.class);
    RecordServices.addAll(engineer);
    engineer.setProperty(EngineerEventFeatures.RECORD_READER, RecordServices.AVRO_READER);
    engineer.setProperty(EngineerEventFeatures.RECORD_WRITER, RecordServices.AVRO_WRITER);
    forwardAll(dedupe, DeduplicateUserEvents.REL_UNIQUE, engineer);

    long in = flowFiles.stream().mapToLong(List::size).sum();
    long invalid = records(clean, CleanUserEvents.REL_INVALID);
    long duplicate = records(dedupe, DeduplicateUserEvents.REL_DUPLICATE);
    long engineered = records(engineer, EngineerEventFeatures.REL_SUCCESS);
    assertThat(invalid).isEqualTo(1);
    assertThat(duplicate).isEqualTo(5);
    assertThat(invalid + duplicate + engineered).isEqualTo(in);

    StringBuilder outputs = new StringBuilder();
    collect(outputs, clean, CleanUserEvents.REL_VALID);
    collect(outputs, dedupe, DeduplicateUserEvents.REL_UNIQUE);
    collect(outputs, dedupe, DeduplicateUserEvents.REL_DUPLICATE);
    collect(outputs, engineer, EngineerEventFeatures.REL_SUCCESS);
    for (TestRunner runner : List.of(clean, dedupe, engineer)) {
      for (var messages : List.of(runner.getLogger().getInfoMessages(), runner.getLogger().getWarnMessages(),
          runner.getLogger().getErrorMessages())) {
        messages.forEach(m -> outputs.append(m.getMsg()).append(java.util.Arrays.toString(m.getArgs())).append('\n'));
      }
    }
    for (String id : RAW_IDS) {
      assertThat(outputs).doesNotContain(id);
    }
    assertThat(clean.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst().getContent())
        .contains("CUST-7731");
  }

  private static void forwardAll(TestRunner from, Relationship relationship, TestRunner to) {
    List<MockFlowFile> flowFiles = from.getFlowFilesForRelationship(relationship);
    for (MockFlowFile flowFile : flowFiles) {
      Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
      attributes.remove("uuid");
      to.enqueue(flowFile.toByteArray(), attributes);
    }
    to.run(flowFiles.size());
  }

  private static long records(TestRunner runner, Relationship relationship) {
    return runner.getFlowFilesForRelationship(relationship).stream()
        .mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
  }

  /** Raw bytes, the decoded records and the attributes of every FlowFile on a relationship. */
  private static void collect(StringBuilder out, TestRunner runner, Relationship relationship) throws Exception {
    for (MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
      out.append(new String(flowFile.toByteArray(), StandardCharsets.ISO_8859_1)).append('\n');
      try (DataFileStream<GenericRecord> records = new DataFileStream<>(
          new java.io.ByteArrayInputStream(flowFile.toByteArray()), new GenericDatumReader<>())) {
        records.forEach(record -> out.append(record).append('\n'));
      }
      out.append(flowFile.getAttributes()).append('\n');
    }
  }
}
