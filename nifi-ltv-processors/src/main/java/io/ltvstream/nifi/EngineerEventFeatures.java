package io.ltvstream.nifi;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.nifi.record.AvroRecords;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SideEffectFree;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;

@SideEffectFree
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ltv", "record", "features", "feature engineering", "avro", "machine learning", "user events"})
@CapabilityDescription("Turns each UserEvent record into an EngineeredEvent record: the event plus its per-record"
    + " features (amount in base currency and its signed log, cyclical hour and weekday, weekend flag, hashed"
    + " category bucket, purchase/refund/engagement indicators), the feature-spec version and the lineage"
    + " (source id and record position). The features are computed by the same code as ./ltv prepare and the"
    + " model's readers. A FlowFile with a record that is not a UserEvent goes to 'failure' whole.")
@UseCase(
    description = "Produce the Avro records that the streaming scorer consumes from Kafka.",
    keywords = {"features", "avro", "kafka", "ltv"},
    configuration = """
        Set "Record Reader" to read DeduplicateUserEvents' 'unique' output and "Record Writer" to an \
        AvroRecordSetWriter that inherits the record schema (the output then has exactly the EngineeredEvent \
        schema).
        Send 'success' to PublishKafka with LtvAvroMessageWriter as its Record Writer and user_id as its \
        Message Key Field.
        """)
@WritesAttributes({
    @WritesAttribute(attribute = "record.count", description = "Number of records in the outgoing FlowFile."),
    @WritesAttribute(attribute = "mime.type", description = "MIME type of the configured Record Writer."),
    @WritesAttribute(attribute = EngineerEventFeatures.SPEC_VERSION_ATTRIBUTE, description = "Version of the"
        + " feature definitions the records carry.")})
@SeeAlso({CleanUserEvents.class, DeduplicateUserEvents.class})
public class EngineerEventFeatures extends AbstractProcessor {
  static final String SPEC_VERSION_ATTRIBUTE = "ltv.feature.spec.version";

  public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
      .name("Record Reader")
      .description("Reads the incoming UserEvent records.")
      .identifiesControllerService(RecordReaderFactory.class)
      .required(true)
      .build();

  public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
      .name("Record Writer")
      .description("Writes the EngineeredEvent records.")
      .identifiesControllerService(RecordSetWriterFactory.class)
      .required(true)
      .build();

  public static final PropertyDescriptor SOURCE_ID = new PropertyDescriptor.Builder()
      .name("Source ID")
      .description("Lineage written into each record's source_id. Empty values fall back to the FlowFile's uuid.")
      .required(false)
      .defaultValue("${" + CleanUserEvents.SOURCE_ID_ATTRIBUTE + "}")
      .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
      .addValidator(StandardValidators.NON_EMPTY_EL_VALIDATOR)
      .build();

  public static final Relationship REL_SUCCESS = new Relationship.Builder()
      .name("success")
      .description("EngineeredEvent records.")
      .build();
  public static final Relationship REL_FAILURE = new Relationship.Builder()
      .name("failure")
      .description("FlowFiles that cannot be read, or hold a record that is not a UserEvent.")
      .build();

  private static final List<PropertyDescriptor> PROPERTIES = List.of(RECORD_READER, RECORD_WRITER, SOURCE_ID);
  private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE);

  private static final AvroRecords<UserEvent> USER_EVENTS = new AvroRecords<>(UserEvent.class);
  private static final AvroRecords<EngineeredEvent> ENGINEERED = new AvroRecords<>(EngineeredEvent.class);

  @Override
  protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
    return PROPERTIES;
  }

  @Override
  public Set<Relationship> getRelationships() {
    return RELATIONSHIPS;
  }

  @Override
  public void migrateProperties(PropertyConfiguration config) {
    config.renameProperty("record-reader", RECORD_READER.getName());
    config.renameProperty("record-writer", RECORD_WRITER.getName());
    config.renameProperty("source-id", SOURCE_ID.getName());
  }

  @Override
  public void onTrigger(ProcessContext context, ProcessSession session) throws ProcessException {
    FlowFile flowFile = session.get();
    if (flowFile == null) {
      return;
    }
    RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
    RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
    String sourceId = context.getProperty(SOURCE_ID).evaluateAttributeExpressions(flowFile).getValue();
    if (sourceId == null || sourceId.isBlank()) {
      sourceId = flowFile.getAttribute("uuid");
    }

    RecordOutput output = null;
    FlowFile result;
    try (InputStream in = session.read(flowFile);
         RecordReader reader = readerFactory.createRecordReader(flowFile, in, getLogger())) {
      output = new RecordOutput(session, flowFile, writerFactory, ENGINEERED.recordSchema(), getLogger());
      Record record;
      long position = 0;
      while ((record = reader.nextRecord()) != null) {
        UserEvent event;
        try {
          event = USER_EVENTS.fromRecord(record);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("record " + position + " is not a UserEvent: " + e.getMessage(), e);
        }
        output.write(ENGINEERED.toRecord(EventFeatures.engineer(event, sourceId, position)));
        position++;
      }
      result = output.finish(Map.of(SPEC_VERSION_ATTRIBUTE, Integer.toString(EventFeatures.FEATURE_SPEC_VERSION)));
    } catch (IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
      if (output != null) {
        output.discard();
      }
      getLogger().error("Routing {} to failure: {}", flowFile, e.getMessage(), e);
      session.transfer(session.penalize(flowFile), REL_FAILURE);
      return;
    }
    if (result != null) {
      session.transfer(result, REL_SUCCESS);
    }
    session.adjustCounter("Records Engineered", output.count(), false);
    session.remove(flowFile);
  }
}
