package io.ltvstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upgrades: records written by a previous release's schemas are read, not dead-lettered. */
class LtvSchemaStoreTest {
  private static final Path PREVIOUS = Path.of("src", "test", "resources", "previous-release");
  @TempDir Path dir;

  @Test
  void everyReleasedSchemaIsKnownAndReadableByTheCurrentRecord() {
    List<Schema> released = LtvSchemaStore.releasedSchemas();
    assertThat(released).extracting(Schema::getName).contains("UserEvent", "EngineeredEvent", "LtvScore");
    LtvSchemaStore store = LtvSchemaStore.standard();
    Map<String, Schema> current = Map.of("UserEvent", UserEvent.getClassSchema(),
        "EngineeredEvent", EngineeredEvent.getClassSchema(), "LtvScore", LtvScore.getClassSchema());
    for (Schema writer : released) {
      assertThat(store.findByFingerprint(LtvSchemaStore.fingerprint(writer))).as(writer.getFullName()).isNotNull();
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current.get(writer.getName()), writer).getType())
          .as("the current " + writer.getName() + " reads the released one")
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void aRecordWrittenWithAPreviousSchemaFromTheConfiguredDirectoryIsReadWithDefaults() throws Exception {
    Schema previous = new Schema.Parser().parse(PREVIOUS.resolve("EngineeredEvent.avsc").toFile());
    GenericRecord old = new GenericData.Record(previous);
    for (Schema.Field field : previous.getFields()) {
      if (field.hasDefaultValue()) {
        old.put(field.name(), GenericData.get().getDefaultValue(field));
      }
    }
    old.put("event_id", "e-prev");
    old.put("user_id", "u-prev");
    old.put("event_time", 86_400_000L);
    old.put("event_type", new GenericData.EnumSymbol(previous.getField("event_type").schema(), "PURCHASE"));
    old.put("amount", 12.5);
    byte[] message = GenericMessages.encode(old);

    assertThatThrownBy(() -> new AvroMessageCodec<>(EngineeredEvent.class, LtvSchemaStore.standard()).decode(message))
        .isInstanceOf(UnknownSchemaException.class); // without the directory: the dead-letter reason unknown-schema

    EngineeredEvent read = new AvroMessageCodec<>(EngineeredEvent.class,
        LtvSchemaStore.standard().registerDirectory(PREVIOUS)).decode(message);
    assertThat(read.getEventId()).isEqualTo("e-prev");
    assertThat(read.getAmount()).isEqualTo(12.5);
    assertThat(read.getFeatureSpecVersion()).isEqualTo(1);
    assertThat(read.getSourceId()).isNull();
    assertThat(read.getIsEngagement()).isFalse();
  }

  @Test
  void aFileInTheDirectoryThatIsNotASchemaIsNamed() throws Exception {
    Files.writeString(dir.resolve("broken.avsc"), "{\"type\": \"record\"");
    assertThatThrownBy(() -> LtvSchemaStore.standard().registerDirectory(dir))
        .hasMessageContaining("broken.avsc").hasMessageContaining("not a self-contained Avro schema");
    assertThatThrownBy(() -> LtvSchemaStore.standard().registerDirectory(dir.resolve("missing")))
        .hasMessageContaining("is not a directory");
  }
}
