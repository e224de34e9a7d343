package io.ltvstream.nifi.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.nifi.EngineerEventFeatures;
import io.ltvstream.nifi.record.AvroRecords;
import io.ltvstream.schemas.AvroMessageCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.nifi.avro.AvroReader;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.MockPropertyConfiguration;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LtvAvroMessageWriterTest {
  private TestRunner runner;
  private LtvAvroMessageWriter writer;

  private static final UserEvent EVENT = UserEvent.newBuilder().setEventId("e1").setUserId("u1")
      .setEventTime(Instant.parse("2026-11-28T18:00:00Z")).setEventType(EventType.PURCHASE).setAmount(12.5)
      .setCategory("books").setAttributes(Map.of("k", "v")).build();

  @BeforeEach
  void setUp() throws Exception {
    runner = TestRunners.newTestRunner(EngineerEventFeatures.class);
    writer = new LtvAvroMessageWriter();
    runner.addControllerService("messages", writer);
    AvroReader avroReader = new AvroReader();
    runner.addControllerService("avro-reader", avroReader);
    runner.enableControllerService(avroReader);
    JsonTreeReader jsonReader = new JsonTreeReader();
    runner.addControllerService("json-reader", jsonReader);
    runner.enableControllerService(jsonReader);
  }

  /** What PublishKafka does with a Record Writer: one writer and one byte array per record. */
  private List<byte[]> publish(String readerId, byte[] content) throws Exception {
    RecordReaderFactory readers = runner.getControllerService(readerId, RecordReaderFactory.class);
    RecordSetWriterFactory writers = runner.getControllerService("messages", RecordSetWriterFactory.class);
    List<byte[]> messages = new ArrayList<>();
    try (RecordReader reader = readers.createRecordReader(Map.of(), new ByteArrayInputStream(content),
        content.length, runner.getLogger())) {
      Record record;
      while ((record = reader.nextRecord()) != null) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        try (RecordSetWriter recordWriter = writers.createWriter(runner.getLogger(),
            writers.getSchema(Map.of(), record.getSchema()), value, Map.of())) {
          recordWriter.write(record);
          assertThat(recordWriter.getMimeType()).isEqualTo(LtvAvroMessageWriter.MIME_TYPE);
        }
        messages.add(value.toByteArray());
      }
    }
    return messages;
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> byte[] container(Class<T> type, T record)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<T> file = new DataFileWriter<>(new SpecificDatumWriter<>(type))) {
      file.create(new AvroRecords<>(type).avroSchema(), out);
      file.append(record);
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(LtvAvroMessageWriter.MessageType.class)
  void everyMessageTypeDecodesWithTheSchemasCodec(LtvAvroMessageWriter.MessageType type) throws Exception {
    runner.setProperty(writer, LtvAvroMessageWriter.MESSAGE_TYPE, type);
    runner.enableControllerService(writer);
    if (type == LtvAvroMessageWriter.MessageType.ENGINEERED_EVENT) {
      EngineeredEvent engineered = EventFeatures.engineer(EVENT, "flowfile-1", 3L);
      List<byte[]> messages = publish("avro-reader", container(EngineeredEvent.class, engineered));
      assertThat(messages).hasSize(1);
      assertThat(AvroMessageCodec.of(EngineeredEvent.class).decode(messages.getFirst())).isEqualTo(engineered);
    } else if (type == LtvAvroMessageWriter.MessageType.USER_PROFILE) {
      io.ltvstream.avro.UserProfile profile = io.ltvstream.avro.UserProfile.newBuilder().setUserId("u1")
          .setRegion("uk").setSignupDate(java.time.LocalDate.parse("2024-02-29")).build();
      List<byte[]> messages = publish("avro-reader", container(io.ltvstream.avro.UserProfile.class, profile));
      assertThat(AvroMessageCodec.of(io.ltvstream.avro.UserProfile.class).decode(messages.getFirst())).isEqualTo(profile);
    } else {
      List<byte[]> messages = publish("avro-reader", container(UserEvent.class, EVENT));
      assertThat(AvroMessageCodec.of(UserEvent.class).decode(messages.getFirst())).isEqualTo(EVENT);
    }
  }

  @Test
  void recordsFromATextReaderAreConvertedByFieldName() throws Exception {
    runner.setProperty(writer, LtvAvroMessageWriter.MESSAGE_TYPE, LtvAvroMessageWriter.MessageType.USER_EVENT);
    runner.enableControllerService(writer);
    List<byte[]> messages = publish("json-reader", """
        {"event_id":"e1","user_id":"u1","event_time":"2026-11-28T18:00:00Z","event_type":"PURCHASE","amount":12.5,
         "category":"books","attributes":{"k":"v"},"unrelated":"ignored"}""".getBytes());
    UserEvent decoded = AvroMessageCodec.of(UserEvent.class).decode(messages.getFirst());
    assertThat(decoded).isEqualTo(EVENT);
  }

  @Test
  void aRecordThatIsNotOfTheTypeIsAClearWriteError() throws Exception {
    runner.enableControllerService(writer);
    assertThatThrownBy(() -> publish("json-reader", "{\"user_id\":\"u1\"}".getBytes()))
        .isInstanceOf(IOException.class).hasMessageContaining("event_id");
  }

  @Test
  void migratesEarlierNamesAndDisplayValues() {
    MockPropertyConfiguration config = new MockPropertyConfiguration(Map.of("message-record-type", "UserEvent"));
    writer.migrateProperties(config);
    PropertyMigrationResult result = config.toPropertyMigrationResult();
    assertThat(result.getPropertiesRenamed()).containsEntry("message-record-type", "Message Record Type");
    assertThat(config.getPropertyValue("Message Record Type")).contains("USER_EVENT");
  }
}
