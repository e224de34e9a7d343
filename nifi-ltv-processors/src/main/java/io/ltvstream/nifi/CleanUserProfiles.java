package io.ltvstream.nifi;

import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.cleaning.CleaningPolicy;
import io.ltvstream.core.cleaning.ProfileCleaner;
import io.ltvstream.core.cleaning.Rejection;
import io.ltvstream.core.mapping.MappingException;
import io.ltvstream.core.mapping.SourceRecord;
import io.ltvstream.nifi.record.AvroRecords;
import io.ltvstream.nifi.record.SourceRecords;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SideEffectFree;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
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
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

@SideEffectFree
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ltv", "record", "clean", "pseudonymize", "hmac", "user profiles", "customer lifetime value"})
@CapabilityDescription("Maps each record of any shape onto a UserProfile (user id, age band, gender, region,"
    + " acquisition channel, signup date, kept attributes) with its own field mapping: text trimmed and lower case,"
    + " the signup date parsed, and the user id pseudonymized with the same key and HMAC as CleanUserEvents, so a"
    + " profile meets its user's events. Valid profiles go to 'valid' (publish them to the compacted topic"
    + " ltv-user-profiles keyed by user_id); a record without a user id or with an unparsable signup date goes to"
    + " 'invalid' as it came, with its reason code and detail added.")
@UseCase(
    description = "Publish customer profiles (age band, gender, region, acquisition channel, signup date) for"
        + " the streaming scorer to join to its users' events.",
    keywords = {"profile", "customer", "pseudonymize", "kafka", "ltv"},
    configuration = """
        Set "Record Reader" for the CRM export (for example CSVReader) and "Record Writer" to an \
        AvroRecordSetWriter; map "User ID Field" and whichever profile fields the export has.
        Set "Pseudonymization Key" to CleanUserEvents' key, so profiles and events meet.
        Send 'valid' to PublishKafka with LtvAvroMessageWriter (Message Record Type USER_PROFILE) as its \
        Record Writer and user_id as its Message Key Field, to the compacted topic ltv-user-profiles.
        Send 'invalid' where rejected records are kept.
        """)
@WritesAttributes({
    @WritesAttribute(attribute = "record.count", description = "Number of records in the outgoing FlowFile."),
    @WritesAttribute(attribute = "mime.type", description = "MIME type of the configured Record Writer."),
    @WritesAttribute(attribute = CleanUserEvents.REASONS_ATTRIBUTE, description = "On 'invalid': the reason codes.")})
@SeeAlso({CleanUserEvents.class})
public class CleanUserProfiles extends AbstractProcessor {
  public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
      .name("Record Reader")
      .description("Reads the incoming profile records, of any shape.")
      .identifiesControllerService(RecordReaderFactory.class)
      .required(true)
      .build();
  public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
      .name("Record Writer")
      .description("Writes the valid UserProfile records and the invalid records (as text, with the reason fields).")
      .identifiesControllerService(RecordSetWriterFactory.class)
      .required(true)
      .build();
  public static final PropertyDescriptor USER_ID_FIELD = field("User ID Field", "Source field of the user id.", true);
  public static final PropertyDescriptor AGE_BAND_FIELD = field("Age Band Field", "Source field of the age band.", false);
  public static final PropertyDescriptor GENDER_FIELD = field("Gender Field", "Source field of the gender.", false);
  public static final PropertyDescriptor REGION_FIELD = field("Region Field", "Source field of the region or country.", false);
  public static final PropertyDescriptor ACQUISITION_CHANNEL_FIELD = field("Acquisition Channel Field",
      "Source field of the acquisition channel.", false);
  public static final PropertyDescriptor SIGNUP_DATE_FIELD = field("Signup Date Field",
      "Source field of the signup date.", false);
  public static final PropertyDescriptor SIGNUP_DATE_PATTERN = new PropertyDescriptor.Builder()
      .name("Signup Date Pattern")
      .description("java.time pattern of the signup date; a value that does not match is invalid"
          + " (unparsable_signup_date).")
      .required(true)
      .defaultValue("yyyy-MM-dd")
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();
  public static final PropertyDescriptor KEPT_ATTRIBUTE_FIELDS = new PropertyDescriptor.Builder()
      .name("Kept Attribute Fields")
      .description("Comma-separated source fields kept in the profile's attributes; all other fields are dropped.")
      .required(false)
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();
  public static final PropertyDescriptor PSEUDONYMIZATION_KEY = new PropertyDescriptor.Builder()
      .name("Pseudonymization Key")
      .description("When set, every user id is replaced by HMAC-SHA256(key, user id) in hex; set the same key as"
          + " CleanUserEvents' so profiles and events meet.")
      .required(false)
      .sensitive(true)
      .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
      .build();

  public static final Relationship REL_VALID = new Relationship.Builder()
      .name("valid")
      .description("UserProfile records.")
      .build();
  public static final Relationship REL_INVALID = new Relationship.Builder()
      .name("invalid")
      .description("Source records without a user id or with an unparsable signup date, each with the fields "
          + CleanUserEvents.REJECT_REASON_FIELD + " and " + CleanUserEvents.REJECT_DETAIL_FIELD + ".")
      .build();
  public static final Relationship REL_FAILURE = new Relationship.Builder()
      .name("failure")
      .description("FlowFiles whose content cannot be read as records at all.")
      .build();

  /** Each mapping property and the key it sets in ltv-core's settings (and in prepare's profile mapping file). */
  static final Map<PropertyDescriptor, String> SETTING_KEYS = Map.of(
      USER_ID_FIELD, ProfileCleaner.USER_ID, AGE_BAND_FIELD, ProfileCleaner.AGE_BAND,
      GENDER_FIELD, ProfileCleaner.GENDER, REGION_FIELD, ProfileCleaner.REGION,
      ACQUISITION_CHANNEL_FIELD, ProfileCleaner.ACQUISITION_CHANNEL, SIGNUP_DATE_FIELD, ProfileCleaner.SIGNUP_DATE,
      SIGNUP_DATE_PATTERN, ProfileCleaner.SIGNUP_PATTERN, KEPT_ATTRIBUTE_FIELDS, ProfileCleaner.ATTRIBUTES_KEEP,
      PSEUDONYMIZATION_KEY, CleaningPolicy.PSEUDONYMIZE_KEY);

  private static final List<PropertyDescriptor> PROPERTIES = List.of(RECORD_READER, RECORD_WRITER, USER_ID_FIELD,
      AGE_BAND_FIELD, GENDER_FIELD, REGION_FIELD, ACQUISITION_CHANNEL_FIELD, SIGNUP_DATE_FIELD, SIGNUP_DATE_PATTERN,
      KEPT_ATTRIBUTE_FIELDS, PSEUDONYMIZATION_KEY);
  private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_VALID, REL_INVALID, REL_FAILURE);
  private static final AvroRecords<UserProfile> PROFILES = new AvroRecords<>(UserProfile.class);

  private volatile ProfileCleaner cleaner;

  private static PropertyDescriptor field(String name, String description, boolean required) {
    return new PropertyDescriptor.Builder().name(name).description(description).required(required)
        .addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();
  }

  @Override
  protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
    return PROPERTIES;
  }

  @Override
  public Set<Relationship> getRelationships() {
    return RELATIONSHIPS;
  }

  @OnScheduled
  public void onScheduled(ProcessContext context) {
    Map<String, String> settings = new HashMap<>();
    SETTING_KEYS.forEach((property, key) -> {
      String value = context.getProperty(property).getValue();
      if (value != null) {
        settings.put(key, value);
      }
    });
    try {
      cleaner = ProfileCleaner.of(settings);
    } catch (MappingException e) {
      throw new ProcessException("Invalid profile mapping: " + e.getMessage(), e);
    }
  }

  @Override
  public void onTrigger(ProcessContext context, ProcessSession session) throws ProcessException {
    FlowFile flowFile = session.get();
    if (flowFile == null) {
      return;
    }
    RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
    RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
    RecordOutput valid = null;
    RecordOutput invalid = null;
    Map<String, Long> reasons = new TreeMap<>();
    FlowFile validFlowFile;
    FlowFile invalidFlowFile;
    try (InputStream in = session.read(flowFile);
         RecordReader reader = readerFactory.createRecordReader(flowFile, in, getLogger())) {
      RecordSchema invalidSchema = withRejectFields(reader.getSchema());
      valid = new RecordOutput(session, flowFile, writerFactory, PROFILES.recordSchema(), getLogger());
      invalid = new RecordOutput(session, flowFile, writerFactory, invalidSchema, getLogger());
      for (Record record; (record = reader.nextRecord()) != null; ) {
        SourceRecord source = SourceRecords.of(record);
        ProfileCleaner.Result result = cleaner.clean(source);
        if (result instanceof ProfileCleaner.Valid ok) {
          valid.write(PROFILES.toRecord(ok.profile()));
        } else {
          Rejection rejection = ((ProfileCleaner.Invalid) result).rejection();
          reasons.merge(rejection.reason().code(), 1L, Long::sum);
          invalid.write(rejected(source, invalidSchema, rejection));
        }
      }
      validFlowFile = valid.finish(Map.of());
      invalidFlowFile = invalid.finish(Map.of(CleanUserEvents.REASONS_ATTRIBUTE, String.join(",", reasons.keySet())));
    } catch (IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
      if (valid != null) {
        valid.discard();
      }
      if (invalid != null) {
        invalid.discard();
      }
      getLogger().error("Routing {} to failure: {}", flowFile, e.getMessage(), e);
      session.transfer(session.penalize(flowFile), REL_FAILURE);
      return;
    }
    if (validFlowFile != null) {
      session.transfer(validFlowFile, REL_VALID);
    }
    if (invalidFlowFile != null) {
      session.transfer(invalidFlowFile, REL_INVALID);
    }
    session.adjustCounter("Profiles Valid", valid.count(), false);
    session.adjustCounter("Profiles Invalid", invalid.count(), false);
    session.remove(flowFile);
  }

  /** As CleanUserEvents writes its invalid records: every source field as text, then the reason and detail. */
  private static RecordSchema withRejectFields(RecordSchema source) {
    List<RecordField> fields = new ArrayList<>();
    for (RecordField field : source.getFields()) {
      fields.add(new RecordField(field.getFieldName(), RecordFieldType.STRING.getDataType(), true));
    }
    fields.add(new RecordField(CleanUserEvents.REJECT_REASON_FIELD, RecordFieldType.STRING.getDataType(), false));
    fields.add(new RecordField(CleanUserEvents.REJECT_DETAIL_FIELD, RecordFieldType.STRING.getDataType(), false));
    return new SimpleRecordSchema(fields);
  }

  private static Record rejected(SourceRecord source, RecordSchema schema, Rejection rejection) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : source.fieldNames()) {
      values.put(name, source.get(name));
    }
    values.put(CleanUserEvents.REJECT_REASON_FIELD, rejection.reason().code());
    values.put(CleanUserEvents.REJECT_DETAIL_FIELD, rejection.detail());
    return new MapRecord(schema, values);
  }
}
