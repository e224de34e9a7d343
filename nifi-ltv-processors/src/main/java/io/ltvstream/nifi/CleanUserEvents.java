package io.ltvstream.nifi;

import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.cleaning.CleanResult;
import io.ltvstream.core.cleaning.CleaningPolicy;
import io.ltvstream.core.cleaning.EventCleaner;
import io.ltvstream.core.cleaning.OutlierPolicy;
import io.ltvstream.core.cleaning.Rejection;
import io.ltvstream.core.cleaning.UnknownTypePolicy;
import io.ltvstream.core.mapping.FieldMapping;
import io.ltvstream.core.mapping.MappingException;
import io.ltvstream.core.mapping.SourceRecord;
import io.ltvstream.core.prepare.CsvSourceReader;
import io.ltvstream.core.prepare.JsonLinesSourceReader;
import io.ltvstream.core.prepare.PreparePipeline;
import io.ltvstream.core.prepare.SourceLine;
import io.ltvstream.core.prepare.SourceReader;
import io.ltvstream.core.prepare.Utf8;
import io.ltvstream.nifi.record.AvroRecords;
import io.ltvstream.nifi.record.SourceRecords;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
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
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.PropertyValue;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
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
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

@SideEffectFree
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ltv", "record", "clean", "validate", "normalize", "currency", "pseudonymize", "hmac", "user events",
    "e-commerce", "customer lifetime value"})
@CapabilityDescription("Maps each record of any shape onto a UserEvent (user id, event time, type, amount in the"
    + " base currency, quantity, product, category, event id) and validates it: required fields, event times in"
    + " several formats, trimmed and lower-cased categorical fields, currency conversion through a rate table,"
    + " refunds by rule, an outlier policy, a future-time tolerance, NaN and infinity, unknown event types, and"
    + " optional HMAC-SHA256 pseudonymization of user ids. Valid records are written as UserEvent records to"
    + " 'valid'; each invalid record is written to 'invalid' as it came, with its reason code and detail added."
    + " When the Record Reader fails on the content, or it is not valid UTF-8, the content is read line by line"
    + " (Fallback Line Format): a bad line becomes one invalid record with its line number and reason, and the"
    + " rest goes on. Only content that cannot be read at all goes to 'failure'. Unmapped source fields are"
    + " dropped unless listed in Kept Attribute Fields. When no Event ID Field is set, the event id is derived"
    + " from the whole source record (keyed by the Pseudonymization Key when set), so identical records become"
    + " duplicates downstream.")
@UseCase(
    description = "Clean raw shop events posted as JSON into UserEvent records ready for deduplication.",
    keywords = {"clean", "validate", "json", "user events", "ltv"},
    configuration = """
        Set "Record Reader" to a JsonTreeReader and "Record Writer" to an AvroRecordSetWriter (Inherit Record Schema).
        Set "User ID Field" and "Event Time Field" to the source field names; set "Event Type Field" and \
        "Amount Field" when the source has them.
        Route 'valid' to DeduplicateUserEvents and keep 'invalid' (for example with PutFile) for inspection.
        """)
@UseCase(
    description = "Load an online-retail CSV export in which cancelled invoices are refunds and prices are in pounds.",
    keywords = {"csv", "refund", "currency", "retail"},
    configuration = """
        Set "Record Reader" to a CSVReader that treats the first line as the header.
        Set "Quantity Field" and "Unit Price Field" instead of "Amount Field" (amount = quantity x unit price).
        Set "Refund Rule" to "field:InvoiceNo startsWith C", "Default Currency" to GBP, "Base Currency" to USD \
        and "Currency Rates" to "GBP=1.27".
        """)
@WritesAttributes({
    @WritesAttribute(attribute = "record.count", description = "Number of records in the outgoing FlowFile."),
    @WritesAttribute(attribute = "mime.type", description = "MIME type of the configured Record Writer."),
    @WritesAttribute(attribute = CleanUserEvents.SOURCE_ID_ATTRIBUTE, description = "Lineage: the uuid of the"
        + " FlowFile the records came from (kept when already present); EngineerEventFeatures writes it into"
        + " source_id."),
    @WritesAttribute(attribute = CleanUserEvents.VALID_COUNT_ATTRIBUTE, description = "Valid records of the incoming FlowFile."),
    @WritesAttribute(attribute = CleanUserEvents.INVALID_COUNT_ATTRIBUTE, description = "Invalid records of the incoming FlowFile."),
    @WritesAttribute(attribute = CleanUserEvents.REASON_ATTRIBUTE_PREFIX + "*", description = "On 'invalid': number of"
        + " records per reason code, e.g. ltv.invalid.reason.missing_user_id."),
    @WritesAttribute(attribute = CleanUserEvents.REASONS_ATTRIBUTE, description = "On 'invalid': the reason codes"
        + " present, comma-separated.")})
@SeeAlso({DeduplicateUserEvents.class, EngineerEventFeatures.class})
public class CleanUserEvents extends AbstractProcessor {
  static final String SOURCE_ID_ATTRIBUTE = "ltv.source.id";
  static final String VALID_COUNT_ATTRIBUTE = "ltv.valid.count";
  static final String INVALID_COUNT_ATTRIBUTE = "ltv.invalid.count";
  static final String REASON_ATTRIBUTE_PREFIX = "ltv.invalid.reason.";
  static final String REASONS_ATTRIBUTE = "ltv.invalid.reasons";
  /** Fields added to each invalid record. */
  public static final String REJECT_REASON_FIELD = "ltv_reject_reason";
  public static final String REJECT_DETAIL_FIELD = "ltv_reject_detail";
  /** Field of an invalid record read by the Record Reader: its position among the FlowFile's records, from 1. */
  public static final String REJECT_RECORD_FIELD = "ltv_reject_record";
  /** Fields of an invalid record read line by line: its first line number and the line as it came. */
  public static final String REJECT_LINE_FIELD = "ltv_reject_line";
  public static final String ORIGINAL_LINE_FIELD = "ltv_original_line";
  private static final RecordSchema INVALID_LINE_SCHEMA = new SimpleRecordSchema(List.of(
      new RecordField(REJECT_LINE_FIELD, RecordFieldType.STRING.getDataType(), false),
      new RecordField(ORIGINAL_LINE_FIELD, RecordFieldType.STRING.getDataType(), false),
      new RecordField(REJECT_REASON_FIELD, RecordFieldType.STRING.getDataType(), false),
      new RecordField(REJECT_DETAIL_FIELD, RecordFieldType.STRING.getDataType(), false)));

  /** Values of the Outlier Policy property. */
  public enum OutlierHandling implements DescribedValue {
    KEEP("Keep", "Keep the amount and add the attribute outlier=true to the event.", OutlierPolicy.KEEP),
    CAP("Cap", "Cap the amount at the bound (sign kept); the original goes to the event attribute uncapped_amount.",
        OutlierPolicy.CAP),
    REJECT("Reject", "Route the record to 'invalid' with reason outlier_amount.", OutlierPolicy.REJECT);

    private final String displayName;
    private final String description;
    private final OutlierPolicy policy;

    OutlierHandling(String displayName, String description, OutlierPolicy policy) {
      this.displayName = displayName;
      this.description = description;
      this.policy = policy;
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

    OutlierPolicy policy() {
      return policy;
    }
  }

  /** Values of the Fallback Line Format property. */
  public enum LineFormat implements DescribedValue {
    JSON_LINES("JSON Lines", "One JSON object per line; a JSON array written one element per line also reads."),
    CSV("CSV", "RFC 4180 CSV whose first line is the header, with the CSV Delimiter. CSV content is always read"
        + " line by line, strictly, and never through the Record Reader: NiFi's CSVReader takes a malformed quote"
        + " (\"ab\"cd) as text."),
    NONE("None", "No fallback: content the Record Reader cannot read goes to 'failure' whole.");

    private final String displayName;
    private final String description;

    LineFormat(String displayName, String description) {
      this.displayName = displayName;
      this.description = description;
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

  /** Values of the Unknown Event Type property. */
  public enum UnknownTypeHandling implements DescribedValue {
    REJECT("Reject", "Route the record to 'invalid' with reason unknown_event_type.", UnknownTypePolicy.REJECT),
    OTHER("Map to OTHER", "Keep the record as event type OTHER; the source value goes to the event attribute"
        + " source_event_type.", UnknownTypePolicy.OTHER);

    private final String displayName;
    private final String description;
    private final UnknownTypePolicy policy;

    UnknownTypeHandling(String displayName, String description, UnknownTypePolicy policy) {
      this.displayName = displayName;
      this.description = description;
      this.policy = policy;
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

    UnknownTypePolicy policy() {
      return policy;
    }
  }

  public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
      .name("Record Reader")
      .description("Reads the incoming records (JSON, CSV, Avro, ...).")
      .identifiesControllerService(RecordReaderFactory.class)
      .required(true)
      .build();

  public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
      .name("Record Writer")
      .description("Writes the valid UserEvent records (and the invalid ones unless an Invalid Record Writer is"
          + " set). With an AvroRecordSetWriter that inherits the record schema, the output has exactly the"
          + " UserEvent Avro schema.")
      .identifiesControllerService(RecordSetWriterFactory.class)
      .required(true)
      .build();

  public static final PropertyDescriptor INVALID_RECORD_WRITER = new PropertyDescriptor.Builder()
      .name("Invalid Record Writer")
      .description("Writes the invalid records: every source field as text, then the fields " + REJECT_RECORD_FIELD
          + " (the record's position in the FlowFile, from 1), " + REJECT_REASON_FIELD + " and " + REJECT_DETAIL_FIELD
          + "; records read line by line: " + REJECT_LINE_FIELD + ", " + ORIGINAL_LINE_FIELD + ", "
          + REJECT_REASON_FIELD + " and " + REJECT_DETAIL_FIELD + ". Defaults to the Record Writer.")
      .identifiesControllerService(RecordSetWriterFactory.class)
      .required(false)
      .build();

  public static final PropertyDescriptor FALLBACK_LINE_FORMAT = new PropertyDescriptor.Builder()
      .name("Fallback Line Format")
      .description("How content is read line by line, so that a bad line is one invalid record (with its line"
          + " number and reason) and the rest goes on: JSON Lines when the Record Reader fails on the content or"
          + " the content is not valid UTF-8; CSV always. None sends content the Record Reader cannot read to"
          + " 'failure' whole.")
      .required(true)
      .allowableValues(LineFormat.class)
      .defaultValue(LineFormat.JSON_LINES)
      .build();

  public static final PropertyDescriptor CSV_DELIMITER = new PropertyDescriptor.Builder()
      .name("CSV Delimiter")
      .description("The delimiter of the CSV fallback: one character, or \\t for a tab.")
      .required(true)
      .defaultValue(",")
      .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
      .dependsOn(FALLBACK_LINE_FORMAT, LineFormat.CSV)
      .build();

  public static final PropertyDescriptor USER_ID_FIELD = field("User ID Field",
      "Source field holding the user id (the Kafka key downstream).", true);
  public static final PropertyDescriptor EVENT_TIME_FIELD = field("Event Time Field",
      "Source field holding when the event happened.", true);

  public static final PropertyDescriptor TIME_PATTERN = new PropertyDescriptor.Builder()
      .name("Time Pattern")
      .description("A java.time pattern of the event time (e.g. dd/MM/yyyy HH:mm), or epoch_millis or"
          + " epoch_seconds; when set, only it is accepted. When empty, ISO-8601 instants and date-times,"
          + " yyyy-MM-dd HH:mm:ss, yyyyMMdd dates, epoch numbers (milliseconds from 10^11, seconds below) and"
          + " day/month/year dates with a single reading are accepted; a date such as 01/07/2011, which reads"
          + " day-first and month-first, is invalid (ambiguous_event_time).")
      .required(false)
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();

  public static final PropertyDescriptor TIME_ZONE = new PropertyDescriptor.Builder()
      .name("Time Zone")
      .description("Zone of event times that carry no offset (e.g. UTC, Europe/Berlin).")
      .required(true)
      .defaultValue("UTC")
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();

  public static final PropertyDescriptor EVENT_TYPE_FIELD = field("Event Type Field",
      "Source field holding the event type (purchase, refund, view, add_to_cart, search, review, other, or a"
          + " common synonym such as order or page_view). When not set, every record is a PURCHASE (or a REFUND"
          + " under the Refund Rule).", false);
  public static final PropertyDescriptor AMOUNT_FIELD = field("Amount Field",
      "Source field holding the money of the event. When not set, the amount is Quantity x Unit Price.", false);
  public static final PropertyDescriptor QUANTITY_FIELD = field("Quantity Field",
      "Source field holding the number of items (a whole number).", false);
  public static final PropertyDescriptor UNIT_PRICE_FIELD = field("Unit Price Field",
      "Source field holding the price of one item; used with Quantity Field when no Amount Field is set.", false);
  public static final PropertyDescriptor CURRENCY_FIELD = field("Currency Field",
      "Source field holding the ISO 4217 currency of the amount.", false);

  public static final PropertyDescriptor DEFAULT_CURRENCY = new PropertyDescriptor.Builder()
      .name("Default Currency")
      .description("Currency of amounts whose record has no currency.")
      .required(true)
      .defaultValue(FieldMapping.DEFAULT_CURRENCY)
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();

  public static final PropertyDescriptor PRODUCT_ID_FIELD = field("Product ID Field",
      "Source field holding the product id.", false);
  public static final PropertyDescriptor CATEGORY_FIELD = field("Category Field",
      "Source field holding the product category (trimmed and lower-cased).", false);
  public static final PropertyDescriptor CHANNEL_FIELD = field("Channel Field",
      "Source field holding the sales or traffic channel (trimmed and lower-cased).", false);
  public static final PropertyDescriptor AGE_FIELD = field("Age Field",
      "Source field holding the user's age in years.", false);
  public static final PropertyDescriptor GENDER_FIELD = field("Gender Field",
      "Source field holding the user's gender.", false);
  public static final PropertyDescriptor REGION_FIELD = field("Region Field",
      "Source field holding the user's region or country.", false);
  public static final PropertyDescriptor EVENT_ID_FIELD = field("Event ID Field",
      "Source field holding a unique event id. When not set, the event id is derived from the whole source"
          + " record, so identical records are duplicates: an HMAC-SHA256 under the Pseudonymization Key over the"
          + " record with its user id pseudonymized, or a SHA-256 of the record without a key.", false);

  public static final PropertyDescriptor KEPT_ATTRIBUTE_FIELDS = new PropertyDescriptor.Builder()
      .name("Kept Attribute Fields")
      .description("Comma-separated source fields, not mapped above, to keep as event attributes. Every other"
          + " unmapped field is dropped, so that nothing the mapping does not name (a second copy of a customer"
          + " id, an e-mail) reaches Kafka.")
      .required(false)
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();

  public static final PropertyDescriptor REFUND_RULE = new PropertyDescriptor.Builder()
      .name("Refund Rule")
      .description("When a record is a refund: '<operand> <op> <value>', the operand being quantity, amount,"
          + " unit_price, event_type or field:NAME, the operator one of < <= > >= = != startsWith endsWith"
          + " contains equals. Examples: 'quantity<0', 'field:InvoiceNo startsWith C'. A refund's amount is"
          + " stored negative; a negative amount that is not a refund is invalid.")
      .required(false)
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();

  public static final PropertyDescriptor BASE_CURRENCY = new PropertyDescriptor.Builder()
      .name("Base Currency")
      .description("ISO 4217 currency that every amount is converted to. Not set: the Default Currency. The"
          + " Default Currency needs a rate into it in Currency Rates.")
      .required(false)
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();

  public static final PropertyDescriptor CURRENCY_RATES = new PropertyDescriptor.Builder()
      .name("Currency Rates")
      .description("Base-currency units per unit of each other currency: 'EUR=1.08, GBP=1.27'. A record in a"
          + " currency without a rate is invalid (unknown_currency). The original amount and currency stay in"
          + " the event attributes source_amount and source_currency.")
      .required(false)
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();

  public static final PropertyDescriptor OUTLIER_BOUND = new PropertyDescriptor.Builder()
      .name("Outlier Bound")
      .description("Absolute amount in base currency above which the Outlier Policy applies. Not set: no bound.")
      .required(false)
      .addValidator(StandardValidators.NUMBER_VALIDATOR)
      .build();

  public static final PropertyDescriptor OUTLIER_POLICY = new PropertyDescriptor.Builder()
      .name("Outlier Policy")
      .description("What to do with an amount above the Outlier Bound.")
      .required(true)
      .allowableValues(OutlierHandling.class)
      .defaultValue(OutlierHandling.KEEP)
      .dependsOn(OUTLIER_BOUND)
      .build();

  public static final PropertyDescriptor FUTURE_TOLERANCE = new PropertyDescriptor.Builder()
      .name("Future Time Tolerance")
      .description("How far past the current time an event time may lie (clock skew) before the record is"
          + " invalid (future_event_time).")
      .required(true)
      .defaultValue("5 mins")
      .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
      .build();

  public static final PropertyDescriptor UNKNOWN_EVENT_TYPE = new PropertyDescriptor.Builder()
      .name("Unknown Event Type")
      .description("What to do with an event type that is neither a known type nor a synonym of one.")
      .required(true)
      .allowableValues(UnknownTypeHandling.class)
      .defaultValue(UnknownTypeHandling.REJECT)
      .build();

  public static final PropertyDescriptor PSEUDONYMIZATION_KEY = new PropertyDescriptor.Builder()
      .name("Pseudonymization Key")
      .description("When set, every user id is replaced by HMAC-SHA256(key, user id) in hex: stable for one key,"
          + " irreversible without it.")
      .required(false)
      .sensitive(true)
      .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
      .build();

  public static final PropertyDescriptor MAX_FIELD_LENGTH = new PropertyDescriptor.Builder()
      .name("Maximum Field Length")
      .description("Longest value, in characters, of any field of a record; a longer one makes the record invalid"
          + " (field_too_long).")
      .required(true)
      .defaultValue(Integer.toString(CleaningPolicy.DEFAULT_MAX_FIELD_LENGTH))
      .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
      .build();

  public static final Relationship REL_VALID = new Relationship.Builder()
      .name("valid")
      .description("UserEvent records that passed every rule.")
      .build();
  public static final Relationship REL_INVALID = new Relationship.Builder()
      .name("invalid")
      .description("Source records that broke a rule, each with the fields " + REJECT_RECORD_FIELD + ", "
          + REJECT_REASON_FIELD + " and " + REJECT_DETAIL_FIELD + "; records read line by line carry "
          + REJECT_LINE_FIELD + ", " + ORIGINAL_LINE_FIELD + ", " + REJECT_REASON_FIELD + " and " + REJECT_DETAIL_FIELD
          + ".")
      .build();
  public static final Relationship REL_FAILURE = new Relationship.Builder()
      .name("failure")
      .description("FlowFiles whose content cannot be read as records at all.")
      .build();

  /** Each mapping property and the key it sets in the ltv-core settings (and in prepare's mapping file). */
  static final Map<PropertyDescriptor, String> SETTING_KEYS = settingKeys();

  private static final List<PropertyDescriptor> PROPERTIES = List.of(RECORD_READER, RECORD_WRITER,
      INVALID_RECORD_WRITER, FALLBACK_LINE_FORMAT, CSV_DELIMITER, USER_ID_FIELD, EVENT_TIME_FIELD, TIME_PATTERN, TIME_ZONE, EVENT_TYPE_FIELD,
      AMOUNT_FIELD, QUANTITY_FIELD, UNIT_PRICE_FIELD, CURRENCY_FIELD, DEFAULT_CURRENCY, PRODUCT_ID_FIELD,
      CATEGORY_FIELD, CHANNEL_FIELD, AGE_FIELD, GENDER_FIELD, REGION_FIELD, EVENT_ID_FIELD, KEPT_ATTRIBUTE_FIELDS, REFUND_RULE,
      BASE_CURRENCY, CURRENCY_RATES, OUTLIER_BOUND, OUTLIER_POLICY, FUTURE_TOLERANCE, UNKNOWN_EVENT_TYPE,
      PSEUDONYMIZATION_KEY, MAX_FIELD_LENGTH);

  private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_VALID, REL_INVALID, REL_FAILURE);

  private static final AvroRecords<UserEvent> USER_EVENTS = new AvroRecords<>(UserEvent.class);

  private volatile EventCleaner cleaner;

  private static PropertyDescriptor field(String name, String description, boolean required) {
    return new PropertyDescriptor.Builder()
        .name(name)
        .description(description)
        .required(required)
        .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
        .build();
  }

  private static Map<PropertyDescriptor, String> settingKeys() {
    Map<PropertyDescriptor, String> keys = new LinkedHashMap<>();
    keys.put(USER_ID_FIELD, FieldMapping.USER_ID);
    keys.put(EVENT_TIME_FIELD, FieldMapping.EVENT_TIME);
    keys.put(TIME_PATTERN, FieldMapping.TIME_PATTERN);
    keys.put(TIME_ZONE, FieldMapping.TIME_ZONE);
    keys.put(EVENT_TYPE_FIELD, FieldMapping.EVENT_TYPE);
    keys.put(AMOUNT_FIELD, FieldMapping.AMOUNT);
    keys.put(QUANTITY_FIELD, FieldMapping.QUANTITY);
    keys.put(UNIT_PRICE_FIELD, FieldMapping.UNIT_PRICE);
    keys.put(CURRENCY_FIELD, FieldMapping.CURRENCY);
    keys.put(DEFAULT_CURRENCY, FieldMapping.CURRENCY_DEFAULT);
    keys.put(PRODUCT_ID_FIELD, FieldMapping.PRODUCT_ID);
    keys.put(CATEGORY_FIELD, FieldMapping.CATEGORY);
    keys.put(CHANNEL_FIELD, FieldMapping.CHANNEL);
    keys.put(AGE_FIELD, FieldMapping.AGE);
    keys.put(GENDER_FIELD, FieldMapping.GENDER);
    keys.put(REGION_FIELD, FieldMapping.REGION);
    keys.put(EVENT_ID_FIELD, FieldMapping.EVENT_ID);
    keys.put(REFUND_RULE, FieldMapping.REFUND_WHEN);
    keys.put(KEPT_ATTRIBUTE_FIELDS, FieldMapping.ATTRIBUTES_KEEP);
    keys.put(CSV_DELIMITER, FieldMapping.CSV_DELIMITER);
    keys.put(BASE_CURRENCY, CleaningPolicy.BASE_CURRENCY);
    keys.put(CURRENCY_RATES, CleaningPolicy.CURRENCY_RATES);
    keys.put(OUTLIER_BOUND, CleaningPolicy.OUTLIER_BOUND);
    keys.put(FUTURE_TOLERANCE, CleaningPolicy.FUTURE_TOLERANCE);
    keys.put(PSEUDONYMIZATION_KEY, CleaningPolicy.PSEUDONYMIZE_KEY);
    keys.put(MAX_FIELD_LENGTH, CleaningPolicy.MAX_FIELD_LENGTH);
    return Map.copyOf(keys);
  }

  @Override
  protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
    return PROPERTIES;
  }

  @Override
  public Set<Relationship> getRelationships() {
    return RELATIONSHIPS;
  }

  /**
   * Flows written against the {@code ./ltv prepare} mapping keys (field.user_id, ...) or the
   * kebab-case names of earlier builds keep working: both are renamed to the current names.
   */
  @Override
  public void migrateProperties(PropertyConfiguration config) {
    config.renameProperty("record-reader", RECORD_READER.getName());
    config.renameProperty("record-writer", RECORD_WRITER.getName());
    config.renameProperty("invalid-record-writer", INVALID_RECORD_WRITER.getName());
    SETTING_KEYS.forEach((descriptor, key) -> config.renameProperty(key, descriptor.getName()));
    config.renameProperty(CleaningPolicy.OUTLIER_POLICY, OUTLIER_POLICY.getName());
    config.renameProperty(CleaningPolicy.UNKNOWN_TYPE, UNKNOWN_EVENT_TYPE.getName());
    config.getPropertyValue(OUTLIER_POLICY).ifPresent(value ->
        config.setProperty(OUTLIER_POLICY, value.trim().toUpperCase(Locale.ROOT)));
    config.getPropertyValue(UNKNOWN_EVENT_TYPE).ifPresent(value ->
        config.setProperty(UNKNOWN_EVENT_TYPE, value.trim().toUpperCase(Locale.ROOT)));
  }

  @Override
  protected Collection<ValidationResult> customValidate(ValidationContext context) {
    List<ValidationResult> results = new ArrayList<>();
    try {
      buildCleaner(settings(context::getProperty));
    } catch (MappingException e) {
      results.add(new ValidationResult.Builder()
          .subject("Field mapping and cleaning settings")
          .valid(false)
          .explanation(e.getMessage())
          .build());
    }
    return results;
  }

  @OnScheduled
  public void onScheduled(ProcessContext context) {
    cleaner = buildCleaner(settings(context::getProperty));
  }

  private static Map<String, String> settings(
      Function<PropertyDescriptor, PropertyValue> property) {
    Map<String, String> settings = new HashMap<>();
    boolean csvFallback = LineFormat.CSV.name().equals(property.apply(FALLBACK_LINE_FORMAT).getValue());
    SETTING_KEYS.forEach((descriptor, key) -> {
      if (descriptor == CSV_DELIMITER && !csvFallback) {
        return;
      }
      String value = property.apply(descriptor).getValue();
      if (value != null) {
        settings.put(key, value);
      }
    });
    String bound = property.apply(OUTLIER_BOUND).getValue();
    if (bound != null) {
      settings.put(CleaningPolicy.OUTLIER_POLICY,
          OutlierHandling.valueOf(property.apply(OUTLIER_POLICY).getValue()).policy().name());
    }
    settings.put(CleaningPolicy.UNKNOWN_TYPE,
        UnknownTypeHandling.valueOf(property.apply(UNKNOWN_EVENT_TYPE).getValue()).policy().name());
    return settings;
  }

  private static EventCleaner buildCleaner(Map<String, String> settings) {
    return new EventCleaner(FieldMapping.of(settings), CleaningPolicy.of(settings));
  }

  @Override
  public void onTrigger(ProcessContext context, ProcessSession session) throws ProcessException {
    FlowFile flowFile = session.get();
    if (flowFile == null) {
      return;
    }
    RecordSetWriterFactory validFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
    RecordSetWriterFactory invalidFactory = context.getProperty(INVALID_RECORD_WRITER).isSet()
        ? context.getProperty(INVALID_RECORD_WRITER).asControllerService(RecordSetWriterFactory.class)
        : validFactory;
    LineFormat fallback = LineFormat.valueOf(context.getProperty(FALLBACK_LINE_FORMAT).getValue());
    Outcome outcome;
    try {
      if (fallback == LineFormat.CSV || fallback != LineFormat.NONE && !isUtf8(session, flowFile)) {
        // A record reader would decode bad bytes as U+FFFD and merge distinct ids; lines reject them alone.
        outcome = cleanLines(context, session, flowFile, fallback, validFactory, invalidFactory);
      } else {
        try {
          outcome = cleanRecords(context, session, flowFile, validFactory, invalidFactory);
        } catch (IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
          if (fallback == LineFormat.NONE) {
            throw e;
          }
          // The reader's message may quote the content, raw ids included: the log names only the failure's kind.
          getLogger().warn("Reading {} line by line as {}: the Record Reader failed on it ({})", flowFile,
              fallback.getDisplayName(), e.getClass().getSimpleName());
          outcome = cleanLines(context, session, flowFile, fallback, validFactory, invalidFactory);
        }
      }
    } catch (IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
      getLogger().error("Routing {} to failure: its content cannot be read as records", flowFile, e);
      session.transfer(session.penalize(flowFile), REL_FAILURE);
      return;
    }

    Map<String, String> counts = Map.of(VALID_COUNT_ATTRIBUTE, Long.toString(outcome.valid().count()),
        INVALID_COUNT_ATTRIBUTE, Long.toString(outcome.invalid().count()));
    if (outcome.validFlowFile() != null) {
      session.transfer(session.putAllAttributes(outcome.validFlowFile(), counts), REL_VALID);
    }
    if (outcome.invalidFlowFile() != null) {
      session.transfer(session.putAllAttributes(outcome.invalidFlowFile(), counts), REL_INVALID);
    }
    session.adjustCounter("Records Valid", outcome.valid().count(), false);
    session.adjustCounter("Records Invalid", outcome.invalid().count(), false);
    outcome.reasons().forEach((code, n) -> session.adjustCounter("Records Invalid: " + code, n, false));
    session.remove(flowFile);
  }

  /** The two outputs of one incoming FlowFile, finished, and the invalid records by reason. */
  private record Outcome(RecordOutput valid, FlowFile validFlowFile, RecordOutput invalid, FlowFile invalidFlowFile,
      Map<String, Long> reasons) {}

  private Outcome cleanRecords(ProcessContext context, ProcessSession session, FlowFile flowFile,
      RecordSetWriterFactory validFactory, RecordSetWriterFactory invalidFactory)
      throws IOException, MalformedRecordException, SchemaNotFoundException {
    RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
    Map<String, Long> reasons = new TreeMap<>();
    RecordOutput valid = null;
    RecordOutput invalid = null;
    try (InputStream in = session.read(flowFile);
         RecordReader reader = readerFactory.createRecordReader(flowFile, in, getLogger())) {
      RecordSchema invalidSchema = withRejectFields(reader.getSchema());
      valid = new RecordOutput(session, flowFile, validFactory, USER_EVENTS.recordSchema(), getLogger());
      invalid = new RecordOutput(session, flowFile, invalidFactory, invalidSchema, getLogger());
      Record record;
      long position = 0;
      while ((record = reader.nextRecord()) != null) {
        position++;
        SourceRecord source = SourceRecords.of(record);
        CleanResult result = cleaner.clean(source);
        if (result instanceof CleanResult.Valid ok) {
          valid.write(USER_EVENTS.toRecord(ok.event()));
        } else {
          Rejection rejection = ((CleanResult.Invalid) result).rejection();
          reasons.merge(rejection.reason().code(), 1L, Long::sum);
          invalid.write(rejected(source, position, invalidSchema, rejection));
        }
      }
      return new Outcome(valid, valid.finish(lineage(flowFile)), invalid,
          invalid.finish(invalidAttributes(reasons, lineage(flowFile))), reasons);
    } catch (IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
      discard(valid, invalid);
      throw e;
    }
  }

  private Outcome cleanLines(ProcessContext context, ProcessSession session, FlowFile flowFile, LineFormat format,
      RecordSetWriterFactory validFactory, RecordSetWriterFactory invalidFactory)
      throws IOException, SchemaNotFoundException {
    Map<String, Long> reasons = new TreeMap<>();
    RecordOutput valid = new RecordOutput(session, flowFile, validFactory, USER_EVENTS.recordSchema(), getLogger());
    RecordOutput invalid = new RecordOutput(session, flowFile, invalidFactory, INVALID_LINE_SCHEMA, getLogger());
    try (InputStream in = session.read(flowFile);
         SourceReader lines = format == LineFormat.CSV
             ? new CsvSourceReader(in, cleaner.mapping().csvDelimiter(), true, PreparePipeline.MAX_RECORD_BYTES)
             : new JsonLinesSourceReader(in, PreparePipeline.MAX_RECORD_BYTES, true)) {
      SourceLine line;
      while ((line = lines.next()) != null) {
        CleanResult result = line.isMalformed() ? new CleanResult.Invalid(line.malformed()) : cleaner.clean(line.record());
        if (result instanceof CleanResult.Valid ok) {
          valid.write(USER_EVENTS.toRecord(ok.event()));
        } else {
          Rejection rejection = ((CleanResult.Invalid) result).rejection();
          reasons.merge(rejection.reason().code(), 1L, Long::sum);
          Map<String, Object> values = new LinkedHashMap<>();
          values.put(REJECT_LINE_FIELD, Long.toString(line.lineNumber()));
          values.put(ORIGINAL_LINE_FIELD, line.original());
          values.put(REJECT_REASON_FIELD, rejection.reason().code());
          values.put(REJECT_DETAIL_FIELD, rejection.detail());
          invalid.write(new MapRecord(INVALID_LINE_SCHEMA, values));
        }
      }
      return new Outcome(valid, valid.finish(lineage(flowFile)), invalid,
          invalid.finish(invalidAttributes(reasons, lineage(flowFile))), reasons);
    } catch (IOException | SchemaNotFoundException | RuntimeException e) {
      discard(valid, invalid);
      throw e;
    }
  }

  private static boolean isUtf8(ProcessSession session, FlowFile flowFile) throws IOException {
    try (InputStream in = session.read(flowFile)) {
      return Utf8.isValid(in);
    }
  }

  private static void discard(RecordOutput valid, RecordOutput invalid) {
    if (valid != null) {
      valid.discard();
    }
    if (invalid != null) {
      invalid.discard();
    }
  }

  private static Map<String, String> lineage(FlowFile flowFile) {
    String sourceId = flowFile.getAttribute(SOURCE_ID_ATTRIBUTE);
    return Map.of(SOURCE_ID_ATTRIBUTE, sourceId != null ? sourceId : flowFile.getAttribute("uuid"));
  }

  private static Map<String, String> invalidAttributes(Map<String, Long> reasons, Map<String, String> lineage) {
    Map<String, String> attributes = new LinkedHashMap<>(lineage);
    reasons.forEach((code, n) -> attributes.put(REASON_ATTRIBUTE_PREFIX + code, Long.toString(n)));
    attributes.put(REASONS_ATTRIBUTE, String.join(",", reasons.keySet()));
    return attributes;
  }

  /**
   * Invalid records are written as text: every source field as a nullable string, then the reason and detail.
   * A record is often invalid precisely because a value does not fit its inferred type ("NaN" in a number
   * column), and a typed writer would fail on it; as text every writer can write it.
   */
  private static RecordSchema withRejectFields(RecordSchema source) {
    List<RecordField> fields = new ArrayList<>();
    for (RecordField field : source.getFields()) {
      String name = field.getFieldName();
      if (!name.equals(REJECT_RECORD_FIELD) && !name.equals(REJECT_REASON_FIELD) && !name.equals(REJECT_DETAIL_FIELD)) {
        fields.add(new RecordField(name, RecordFieldType.STRING.getDataType(), true));
      }
    }
    fields.add(new RecordField(REJECT_RECORD_FIELD, RecordFieldType.STRING.getDataType(), false));
    fields.add(new RecordField(REJECT_REASON_FIELD, RecordFieldType.STRING.getDataType(), false));
    fields.add(new RecordField(REJECT_DETAIL_FIELD, RecordFieldType.STRING.getDataType(), false));
    return new SimpleRecordSchema(fields);
  }

  private static Record rejected(SourceRecord source, long position, RecordSchema schema, Rejection rejection) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : source.fieldNames()) {
      values.put(name, source.get(name));
    }
    values.put(REJECT_RECORD_FIELD, Long.toString(position));
    values.put(REJECT_REASON_FIELD, rejection.reason().code());
    values.put(REJECT_DETAIL_FIELD, rejection.detail());
    return new MapRecord(schema, values);
  }
}
