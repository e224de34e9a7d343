package io.ltvstream.nifi.avro;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.nifi.record.AvroRecords;
import io.ltvstream.schemas.AvroMessageCodec;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.RecordSchema;

@Tags({"ltv", "avro", "single-object", "kafka", "record", "writer", "serializer"})
@CapabilityDescription("Writes each record as one Avro single-object encoded message (marker C3 01, the 8-byte"
    + " CRC-64-AVRO fingerprint of the writer schema, then the binary body) of the chosen ltv-stream record type,"
    + " with no container file and no Schema Registry. Use it as the Record Writer of PublishKafka, which writes"
    + " every record through its own writer, so that every Kafka message is one record the ltv-stream scorer"
    + " decodes. Key the messages by user with PublishKafka's Message Key Field set to user_id. Incoming"
    + " records may come from any Record Reader; fields are matched by name and converted.")
public class LtvAvroMessageWriter extends AbstractControllerService implements RecordSetWriterFactory {
  /** The record types the writer can encode. */
  public enum MessageType implements DescribedValue {
    ENGINEERED_EVENT("EngineeredEvent", "A UserEvent plus its per-record features: what EngineerEventFeatures"
        + " writes and the scorer consumes.", EngineeredEvent.class),
    USER_EVENT("UserEvent", "A cleaned event without features: what CleanUserEvents and DeduplicateUserEvents"
        + " write.", UserEvent.class),
    USER_PROFILE("UserProfile", "A user's profile: what CleanUserProfiles writes, for the compacted topic"
        + " ltv-user-profiles.", UserProfile.class);

    private final String displayName;
    private final String description;
    private final Class<? extends SpecificRecord> type;

    MessageType(String displayName, String description, Class<? extends SpecificRecord> type) {
      this.displayName = displayName;
      this.description = description;
      this.type = type;
    }

    @Override
    public String getValue() {
      return name();
    }

    @Override
    public String getDisplayName() {
      return displayName;
    }

    @Override
    public String getDescription() {
      return description;
    }
  }

  public static final PropertyDescriptor MESSAGE_TYPE = new PropertyDescriptor.Builder()
      .name("Message Record Type")
      .description("The Avro record type of every message.")
      .required(true)
      .allowableValues(MessageType.class)
      .defaultValue(MessageType.ENGINEERED_EVENT)
      .build();

  public static final String MIME_TYPE = "application/vnd.apache.avro+single-object";

  private static final List<PropertyDescriptor> PROPERTIES = List.of(MESSAGE_TYPE);

  private volatile Encoder<?> encoder;

  @Override
  protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
    return PROPERTIES;
  }

  @Override
  public void migrateProperties(PropertyConfiguration config) {
    config.renameProperty("message-record-type", MESSAGE_TYPE.getName());
    config.getPropertyValue(MESSAGE_TYPE).ifPresent(value -> {
      for (MessageType type : MessageType.values()) {
        if (type.getDisplayName().equalsIgnoreCase(value.trim())) {
          config.setProperty(MESSAGE_TYPE, type.getValue());
        }
      }
    });
  }

  @OnEnabled
  public void onEnabled(ConfigurationContext context) {
    MessageType type = MessageType.valueOf(context.getProperty(MESSAGE_TYPE).getValue());
    encoder = new Encoder<>(type.type);
  }

  @Override
  public RecordSchema getSchema(Map<String, String> variables, RecordSchema readSchema) {
    return encoder.records.recordSchema();
  }

  @Override
  public RecordSetWriter createWriter(ComponentLog logger, RecordSchema schema, OutputStream out,
      Map<String, String> variables) {
    return new AvroMessageRecordSetWriter(out, encoder::encode);
  }

  /** Converts a NiFi record to the Avro type and encodes it; thread-safe. */
  private static final class Encoder<T extends SpecificRecord> {
    private final AvroRecords<T> records;
    private final AvroMessageCodec<T> codec;

    Encoder(Class<T> type) {
      this.records = new AvroRecords<>(type);
      this.codec = AvroMessageCodec.of(type);
    }

    byte[] encode(org.apache.nifi.serialization.record.Record record) {
      return codec.encode(records.fromRecord(record));
    }
  }
}
