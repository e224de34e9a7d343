package io.ltvstream.nifi;

import io.ltvstream.core.dedupe.EventDeduplicator;
import io.ltvstream.nifi.record.AvroRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.SystemResource;
import org.apache.nifi.annotation.behavior.SystemResourceConsideration;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.distributed.cache.client.Deserializer;
import org.apache.nifi.distributed.cache.client.DistributedMapCacheClient;
import org.apache.nifi.distributed.cache.client.Serializer;
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

@SupportsBatching
@TriggerSerially
@SystemResourceConsideration(resource = SystemResource.MEMORY, description = "Keeps up to Maximum Remembered Events"
    + " event ids in memory, about 150 bytes each (150 MB for the default of one million).")
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ltv", "record", "dedupe", "deduplicate", "duplicate", "event id", "window", "distributed", "user events"})
@CapabilityDescription("Routes each record to 'unique' or 'duplicate' by its event id. Unlike DeduplicateRecord"
    + " without a cache service, it remembers event ids across FlowFiles: every id seen within a window of event"
    + " time (trailing the latest event time seen), up to a memory bound. When the bound forces an id out before its"
    + " window ends, the eviction is counted (counter 'Dedupe Evictions', attribute ltv.dedupe.evictions) and"
    + " logged, since a later duplicate of it can no longer be caught. With a DistributedMapCacheClient the ids are"
    + " shared by all nodes of a cluster instead. Records are written unchanged through the Record Writer.")
@UseCase(
    description = "Drop replayed or retried user events between CleanUserEvents and EngineerEventFeatures.",
    keywords = {"dedupe", "duplicate", "retry", "replay"},
    configuration = """
        Set "Record Reader" to read what CleanUserEvents wrote (e.g. AvroReader with the embedded schema) and \
        "Record Writer" to an AvroRecordSetWriter that inherits the record schema.
        Keep "Event ID Record Field" and "Event Time Record Field" at event_id and event_time.
        Set "Deduplication Window" to how late a duplicate may arrive (e.g. 7 days), and "Maximum Remembered \
        Events" to what the heap allows (about 150 bytes an event).
        Route 'unique' onwards and keep 'duplicate' (e.g. with PutFile).
        """)
@UseCase(
    description = "Deduplicate across all nodes of a NiFi cluster.",
    keywords = {"cluster", "distributed", "cache"},
    configuration = """
        Add a MapCacheClientService pointing at a MapCacheServer (or another DistributedMapCacheClient) and select \
        it in "Distributed Map Cache Client". Size the cache server's Maximum Cache Entries to the window: it \
        evicts by its own policy.
        """)
@WritesAttributes({
    @WritesAttribute(attribute = "record.count", description = "Number of records in the outgoing FlowFile."),
    @WritesAttribute(attribute = "mime.type", description = "MIME type of the configured Record Writer."),
    @WritesAttribute(attribute = DeduplicateUserEvents.UNIQUE_COUNT_ATTRIBUTE, description = "Unique records of the incoming FlowFile."),
    @WritesAttribute(attribute = DeduplicateUserEvents.DUPLICATE_COUNT_ATTRIBUTE, description = "Duplicate records of the incoming FlowFile."),
    @WritesAttribute(attribute = DeduplicateUserEvents.EVICTIONS_ATTRIBUTE, description = "Local mode: event ids evicted"
        + " before their window ended because of the memory bound, since the processor started."),
    @WritesAttribute(attribute = DeduplicateUserEvents.LATE_ATTRIBUTE, description = "Local mode: records older than the"
        + " window, let through unchecked, since the processor started.")})
@SeeAlso({CleanUserEvents.class, EngineerEventFeatures.class})
public class DeduplicateUserEvents extends AbstractProcessor {
  static final String UNIQUE_COUNT_ATTRIBUTE = "ltv.unique.count";
  static final String DUPLICATE_COUNT_ATTRIBUTE = "ltv.duplicate.count";
  static final String EVICTIONS_ATTRIBUTE = "ltv.dedupe.evictions";
  static final String LATE_ATTRIBUTE = "ltv.dedupe.late";

  public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
      .name("Record Reader")
      .description("Reads the incoming UserEvent records.")
      .identifiesControllerService(RecordReaderFactory.class)
      .required(true)
      .build();

  public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
      .name("Record Writer")
      .description("Writes the unique and the duplicate records, unchanged.")
      .identifiesControllerService(RecordSetWriterFactory.class)
      .required(true)
      .build();

  public static final PropertyDescriptor EVENT_ID_FIELD = new PropertyDescriptor.Builder()
      .name("Event ID Record Field")
      .description("Record field holding the event id.")
      .required(true)
      .defaultValue("event_id")
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();

  public static final PropertyDescriptor EVENT_TIME_FIELD = new PropertyDescriptor.Builder()
      .name("Event Time Record Field")
      .description("Record field holding the event time (timestamp, epoch milliseconds or ISO-8601 text).")
      .required(true)
      .defaultValue("event_time")
      .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
      .build();

  public static final PropertyDescriptor WINDOW = new PropertyDescriptor.Builder()
      .name("Deduplication Window")
      .description("How far back in event time, behind the latest event time seen, duplicates are caught. Older"
          + " records pass unchecked and are counted (ltv.dedupe.late).")
      .required(true)
      .defaultValue("7 days")
      .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
      .build();

  public static final PropertyDescriptor MAX_EVENTS = new PropertyDescriptor.Builder()
      .name("Maximum Remembered Events")
      .description("Most event ids kept in memory (about 150 bytes each). Beyond it the oldest are evicted and"
          + " counted.")
      .required(true)
      .defaultValue("1000000")
      .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
      .build();

  public static final PropertyDescriptor CACHE_CLIENT = new PropertyDescriptor.Builder()
      .name("Distributed Map Cache Client")
      .description("Optional: remember event ids in this cache, shared by every node of a cluster, instead of in"
          + " local memory. Window and memory bound are then the cache server's (its eviction policy).")
      .identifiesControllerService(DistributedMapCacheClient.class)
      .required(false)
      .build();

  public static final PropertyDescriptor CACHE_KEY_PREFIX = new PropertyDescriptor.Builder()
      .name("Cache Key Prefix")
      .description("Prefix of the cache keys, so that several flows can share one cache.")
      .required(false)
      .defaultValue("ltv-event:")
      .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
      .dependsOn(CACHE_CLIENT)
      .build();

  public static final Relationship REL_UNIQUE = new Relationship.Builder()
      .name("unique")
      .description("Records whose event id was not seen within the window.")
      .build();
  public static final Relationship REL_DUPLICATE = new Relationship.Builder()
      .name("duplicate")
      .description("Records whose event id was already seen.")
      .build();
  public static final Relationship REL_FAILURE = new Relationship.Builder()
      .name("failure")
      .description("FlowFiles that cannot be read, or whose records lack an event id or time.")
      .build();

  private static final List<PropertyDescriptor> PROPERTIES = List.of(RECORD_READER, RECORD_WRITER,
      EVENT_ID_FIELD, EVENT_TIME_FIELD, WINDOW, MAX_EVENTS, CACHE_CLIENT, CACHE_KEY_PREFIX);
  private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_UNIQUE, REL_DUPLICATE, REL_FAILURE);

  private static final Serializer<String> UTF8 = (value, out) -> out.write(value.getBytes(StandardCharsets.UTF_8));
  private static final Deserializer<String> UTF8_READ = bytes -> bytes == null ? null
      : new String(bytes, StandardCharsets.UTF_8);

  private volatile EventDeduplicator deduplicator;
  private volatile Duration configuredWindow;
  private volatile int configuredMaxEvents;
  private volatile long reportedEvictions;

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
    config.renameProperty("dedupe.window", WINDOW.getName());
    config.renameProperty("dedupe.max_events", MAX_EVENTS.getName());
    config.renameProperty("distributed-map-cache", CACHE_CLIENT.getName());
  }

  /**
   * The window lives as long as the processor instance and its settings: stopping and starting keeps it (so a
   * restart of the flow does not let yesterday's duplicates through); changing the window or the bound, or a
   * NiFi restart, empties it.
   */
  @OnScheduled
  public void onScheduled(ProcessContext context) {
    Duration window = Duration.ofMillis(context.getProperty(WINDOW).asTimePeriod(TimeUnit.MILLISECONDS));
    int maxEvents = context.getProperty(MAX_EVENTS).asInteger();
    if (deduplicator == null || !window.equals(configuredWindow) || maxEvents != configuredMaxEvents) {
      deduplicator = new EventDeduplicator(window, maxEvents);
      configuredWindow = window;
      configuredMaxEvents = maxEvents;
      reportedEvictions = 0;
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
    String idField = context.getProperty(EVENT_ID_FIELD).getValue();
    String timeField = context.getProperty(EVENT_TIME_FIELD).getValue();
    DistributedMapCacheClient cache = context.getProperty(CACHE_CLIENT).isSet()
        ? context.getProperty(CACHE_CLIENT).asControllerService(DistributedMapCacheClient.class) : null;
    String keyPrefix = cache == null ? null : context.getProperty(CACHE_KEY_PREFIX).getValue();
    String claimant = flowFile.getAttribute("uuid");

    EventDeduplicator.Batch batch = deduplicator.begin(claimant);
    RecordOutput unique = null;
    RecordOutput duplicate = null;
    FlowFile uniqueFlowFile;
    FlowFile duplicateFlowFile;
    try (InputStream in = session.read(flowFile);
         RecordReader reader = readerFactory.createRecordReader(flowFile, in, getLogger())) {
      unique = new RecordOutput(session, flowFile, writerFactory, reader.getSchema(), getLogger());
      duplicate = new RecordOutput(session, flowFile, writerFactory, reader.getSchema(), getLogger());
      Record record;
      long index = 0;
      while ((record = reader.nextRecord()) != null) {
        String eventId = required(record, idField, index);
        long eventTime = eventTime(required(record, timeField, index), timeField, index);
        boolean isDuplicate = batch.check(eventId, eventTime) == EventDeduplicator.Verdict.DUPLICATE;
        if (!isDuplicate && cache != null) {
          String holder = cache.getAndPutIfAbsent(keyPrefix + eventId, claimant, UTF8, UTF8, UTF8_READ);
          // The same FlowFile, retried after a rollback, finds its own claim: still unique.
          isDuplicate = holder != null && !holder.equals(claimant);
        }
        (isDuplicate ? duplicate : unique).write(record);
        index++;
      }
      uniqueFlowFile = unique.finish(Map.of());
      duplicateFlowFile = duplicate.finish(Map.of());
    } catch (IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
      if (unique != null) {
        unique.discard();
      }
      if (duplicate != null) {
        duplicate.discard();
      }
      getLogger().error("Routing {} to failure: {}", flowFile, e.getMessage(), e);
      session.transfer(session.penalize(flowFile), REL_FAILURE);
      return;
    }

    // A FlowFile retried after a rollback carries the same uuid and finds its own claims, not duplicates.
    batch.commit();
    EventDeduplicator.Stats stats = deduplicator.stats();
    Map<String, String> attributes = Map.of(
        UNIQUE_COUNT_ATTRIBUTE, Integer.toString(unique.count()),
        DUPLICATE_COUNT_ATTRIBUTE, Integer.toString(duplicate.count()),
        EVICTIONS_ATTRIBUTE, Long.toString(stats.evicted()),
        LATE_ATTRIBUTE, Long.toString(stats.lateUnchecked()));
    if (uniqueFlowFile != null) {
      session.transfer(session.putAllAttributes(uniqueFlowFile, attributes), REL_UNIQUE);
    }
    if (duplicateFlowFile != null) {
      session.transfer(session.putAllAttributes(duplicateFlowFile, attributes), REL_DUPLICATE);
    }
    session.adjustCounter("Records Unique", unique.count(), false);
    session.adjustCounter("Records Duplicate", duplicate.count(), false);
    reportEvictions(session, stats);
    session.remove(flowFile);
  }

  private void reportEvictions(ProcessSession session, EventDeduplicator.Stats stats) {
    long evicted = stats.evicted() - reportedEvictions;
    if (evicted > 0) {
      reportedEvictions = stats.evicted();
      session.adjustCounter("Dedupe Evictions", evicted, false);
      getLogger().warn("Evicted {} event ids before their window ended (memory bound {}); a later duplicate of"
          + " them cannot be caught. Raise Maximum Remembered Events or shorten the Deduplication Window.",
          evicted, configuredMaxEvents);
    }
  }

  private static long eventTime(String text, String field, long index) {
    try {
      return AvroRecords.instant(text).toEpochMilli();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("record " + index + " field '" + field + "' value '" + text
          + "' is not a timestamp", e);
    }
  }

  private static String required(Record record, String field, long index) {
    Object value = record.getValue(field);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("record " + index + " has no '" + field + "' field");
    }
    return value instanceof Date date ? Long.toString(date.getTime()) : value.toString();
  }
}
