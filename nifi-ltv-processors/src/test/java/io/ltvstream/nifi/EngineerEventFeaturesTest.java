package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.features.EventFeatures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineerEventFeaturesTest {
  private TestRunner runner;

  @BeforeEach
  void setUp() throws InitializationException {
    runner = TestRunners.newTestRunner(EngineerEventFeatures.class);
    RecordServices.addAll(runner);
    runner.setProperty(EngineerEventFeatures.RECORD_READER, RecordServices.AVRO_READER);
    runner.setProperty(EngineerEventFeatures.RECORD_WRITER, RecordServices.AVRO_WRITER);
  }

  private static UserEvent event(String id, EventType type, double amount, String category) {
    return UserEvent.newBuilder().setEventId(id).setUserId("u1").setEventTime(Instant.parse("2026-11-28T18:00:00Z"))
        .setEventType(type).setAmount(amount).setCategory(category).setQuantity(2)
        .setAttributes(Map.of("source_currency", "EUR")).build();
  }

  private static byte[] avroContainer(UserEvent... events) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<UserEvent> writer = new DataFileWriter<>(new SpecificDatumWriter<>(UserEvent.class))) {
      writer.create(UserEvent.getClassSchema(), out);
      for (UserEvent event : events) {
        writer.append(event);
      }
    }
    return out.toByteArray();
  }

  @Test
  void writesTheSameFeaturesAsTheCoreWithLineage() throws IOException {
    UserEvent purchase = event("e1", EventType.PURCHASE, 99.0, "books");
    UserEvent refund = event("e2", EventType.REFUND, -10.0, null);
    runner.enqueue(avroContainer(purchase, refund), Map.of(CleanUserEvents.SOURCE_ID_ATTRIBUTE, "origin-1"));
    runner.run();

    runner.assertAllFlowFilesTransferred(EngineerEventFeatures.REL_SUCCESS, 1);
    MockFlowFile out = runner.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS).getFirst();
    out.assertAttributeEquals("record.count", "2");
    out.assertAttributeEquals(EngineerEventFeatures.SPEC_VERSION_ATTRIBUTE,
        Integer.toString(EventFeatures.FEATURE_SPEC_VERSION));
    List<EngineeredEvent> engineered = RecordServices.readAvro(out, EngineeredEvent.class);
    assertThat(engineered).containsExactly(
        EventFeatures.engineer(purchase, "origin-1", 0L), EventFeatures.engineer(refund, "origin-1", 1L));
    assertThat(runner.getCounterValue("Records Engineered")).isEqualTo(2);
  }

  @Test
  void readsUserEventsWrittenAsJsonToo() throws IOException {
    runner.setProperty(EngineerEventFeatures.RECORD_READER, RecordServices.JSON_READER);
    runner.setProperty(EngineerEventFeatures.SOURCE_ID, "${filename}");
    runner.enqueue("""
        [{"event_id":"e1","user_id":"u1","event_time":1795888800000,"event_type":"PURCHASE","amount":99.0,
          "currency":"USD","quantity":2,"category":"books","attributes":{"k":"v"}}]""", Map.of("filename", "in.json"));
    runner.run();
    EngineeredEvent e = RecordServices.readAvro(
        runner.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS).getFirst(), EngineeredEvent.class).getFirst();
    assertThat(e.getEventTime()).isEqualTo(Instant.parse("2026-11-28T18:00:00Z"));
    assertThat(e.getIsWeekend()).isTrue();
    assertThat(e.getAttributes()).containsEntry("k", "v");
    assertThat(e.getSourceId()).isEqualTo("in.json");
    assertThat(e.getCategoryBucket()).isEqualTo(EventFeatures.categoryBucket("books"));
  }

  @Test
  void withoutSourceIdTheFlowFileUuidIsTheLineage() throws IOException {
    runner.enqueue(avroContainer(event("e1", EventType.VIEW, 0, null)));
    runner.run();
    MockFlowFile out = runner.getFlowFilesForRelationship(EngineerEventFeatures.REL_SUCCESS).getFirst();
    EngineeredEvent e = RecordServices.readAvro(out, EngineeredEvent.class).getFirst();
    assertThat(e.getSourceId()).hasSize(36);
    assertThat(e.getIsEngagement()).isTrue();
  }

  @Test
  void aRecordThatIsNotAUserEventSendsTheFlowFileToFailure() {
    runner.setProperty(EngineerEventFeatures.RECORD_READER, RecordServices.JSON_READER);
    runner.enqueue("[{\"event_id\":\"e1\",\"user_id\":\"u1\",\"event_type\":\"PURCHASE\"}]");
    runner.run();
    runner.assertAllFlowFilesTransferred(EngineerEventFeatures.REL_FAILURE, 1);
    assertThat(runner.getLogger().getErrorMessages())
        .anySatisfy(m -> assertThat(m.getMsg()).contains("record 0 is not a UserEvent", "event_time"));
  }

  @Test
  void migratesEarlierNames() {
    TestRunner old = TestRunners.newTestRunner(EngineerEventFeatures.class);
    old.setProperty("record-writer", "w");
    old.setProperty("source-id", "${filename}");
    PropertyMigrationResult result = old.migrateProperties();
    assertThat(result.getPropertiesRenamed())
        .containsAllEntriesOf(Map.of("record-writer", "Record Writer", "source-id", "Source ID"));
  }
}
