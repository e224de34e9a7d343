package io.ltvstream.nifi;

import io.ltvstream.core.dedupe.EventDeduplicator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
    + " event ids in memory as 64-bit keyed hashes, about 21 bytes each (about 214 MB for the default of ten"
    + " million, 8 bytes more each with a Time to Live); the memory grows with use up to that bound.")
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ltv", "record", "dedupe", "deduplicate", "duplicate", "event id", "distributed", "user events"})
@CapabilityDescription("Routes each record to 'unique' or 'duplicate' by its event id. It remembers event ids by"
    + " arrival across FlowFiles, whatever their event time: a re-sent old event is caught, and a far-future"
    + " one forgets nothing. Memory is bounded by a count of ids; when it is full the oldest id is forgotten,"
    + " counted (counter 'Dedupe Evictions', attribute ltv.dedupe.evictions) and logged, since a later duplicate"
    + " of it can no longer be caught. An optional Time to Live forgets ids after a while of processing time."
    + " Ids are remembered only when the session commits, so a FlowFile that fails or is rolled back claims"
    + " nothing. With a DistributedMapCacheClient the ids are shared by all nodes of a cluster as well."
    + " Records are written unchanged through the Record Writer.")
@UseCase(
    description = "Drop replayed or retried user events between CleanUserEvents and EngineerEventFeatures.",
    keywords = {"dedupe", "duplicate", "retry", "replay", "backfill"},
    configuration = """
        Set "Record Reader" to read what CleanUserEvents wrote (e.g. AvroReader with the embedded schema) and \
        "Record Writer" to an AvroRecordSetWriter that inherits the record schema.
        Keep "Event ID Record Field" at event_id.
        Set "Maximum Remembered Events" to the number of recent events among which a duplicate may arrive \
        (about 21 bytes of heap each), and "Time to Live" only if ids should also be forgotten after a while.
        Route 'unique' onwards and keep 'duplicate' (e.g. with PutFile).
        """)
@UseCase(
    description = "Deduplicate across all nodes of a NiFi cluster.",
    keywords = {"cluster", "distributed", "cache"},
    configuration = """
        Add a MapCacheClientService pointing at a MapCacheServer (or another DistributedMapCacheClient) and select \
        it in "Distributed Map Cache Client". Size the cache server's Maximum Cache Entries to the ids to remember: \
        it evicts by its own policy.
        """)
@WritesAttributes({
    @WritesAttribute(attribute = "record.count", description = "Number of records in the outgoing FlowFile."),
    @WritesAttribute(attribute = "mime.type", description = "MIME type of the configured Record Writer."),
    @WritesAttribute(attribute = DeduplicateUserEvents.UNIQUE_COUNT_ATTRIBUTE, description = "Unique records of the incoming FlowFile."),
    @WritesAttribute(attribute = DeduplicateUserEvents.DUPLICATE_COUNT_ATTRIBUTE, description = "Duplicate records of the incoming FlowFile."),
    @WritesAttribute(attribute = DeduplicateUserEvents.EVICTIONS_ATTRIBUTE, description = "Event ids forgotten to stay"
        + " within Maximum Remembered Events, since the processor started.")})
@SeeAlso({CleanUserEvents.class, EngineerEventFeatures.class})
public class DeduplicateUserEvents extends AbstractProcessor {
  static final String UNIQUE_COUNT_ATTRIBUTE = "ltv.unique.count";
  static final String DUPLICATE_COUNT_ATTRIBUTE = "ltv.duplicate.count";
  static final String EVICTIONS_ATTRIBUTE = "ltv.dedupe.evictions";

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

  public static final PropertyDescriptor MAX_EVENTS = new PropertyDescriptor.Builder()
      .name("Maximum Remembered Events")
      .description("Most event ids kept in memory (about 21 bytes each). Beyond it the oldest arrivals are"
          + " forgotten and counted (ltv.dedupe.evictions).")
      .required(true)
      .defaultValue(Integer.toString(EventDeduplicator.DEFAULT_MAX_IDS))
      .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
      .build();

  public static final PropertyDescriptor TIME_TO_LIVE = new PropertyDescriptor.Builder()
      .name("Time to Live")
      .description("Optional: forget an event id this long after it arrived (processing time, not event time)."
          + " Not set: ids are forgotten only to make room.")
      .required(false)
      .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
      .build();

  public static final PropertyDescriptor CACHE_CLIENT = new PropertyDescriptor.Builder()
      .name("Distributed Map Cache Client")
      .description("Optional: also check and remember event ids in this cache, shared by every node of a cluster."
          + " Ids are written to it when the session commits; the cache server's eviction policy bounds it.")
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
      .description("Records whose event id was not seen before.")
      .build();
  public static final Relationship REL_DUPLICATE = new Relationship.Builder()
      .name("duplicate")
      .description("Records whose event id was already seen.")
      .build();
  public static final Relationship REL_FAILURE = new Relationship.Builder()
      .name("failure")
      .description("FlowFiles that cannot be read, or whose records lack an event id.")
      .build();

  private static final List<PropertyDescriptor> PROPERTIES = List.of(RECORD_READER, RECORD_WRITER,
      EVENT_ID_FIELD, MAX_EVENTS, TIME_TO_LIVE, CACHE_CLIENT, CACHE_KEY_PREFIX);
  private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_UNIQUE, REL_DUPLICATE, REL_FAILURE);
  /** Properties of builds that forgot ids by event time; event time no longer decides anything. */
  private static final List<String> RETIRED_PROPERTIES = List.of("Deduplication Window", "dedupe.window",
      "Event Time Record Field");

  private static final Serializer<String> UTF8 = (value, out) -> out.write(value.getBytes(StandardCharsets.UTF_8));
  private static final Deserializer<String> UTF8_READ = bytes -> bytes == null ? null
      : new String(bytes, StandardCharsets.UTF_8);

  private volatile EventDeduplicator deduplicator;
  private volatile Duration configuredTimeToLive;
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
    config.renameProperty("dedupe.max_events", MAX_EVENTS.getName());
    config.renameProperty("distributed-map-cache", CACHE_CLIENT.getName());
    RETIRED_PROPERTIES.forEach(config::removeProperty);
  }

  /**
   * The remembered ids live as long as the processor instance and its settings: stopping and starting keeps
   * them (so a restart of the flow does not let yesterday's duplicates through); changing the bound or the time
   * to live, or a NiFi restart, empties them.
   */
  @OnScheduled
  public void onScheduled(ProcessContext context) {
    Duration timeToLive = context.getProperty(TIME_TO_LIVE).isSet()
        ? Duration.ofMillis(context.getProperty(TIME_TO_LIVE).asTimePeriod(TimeUnit.MILLISECONDS)) : Duration.ZERO;
    int maxEvents = context.getProperty(MAX_EVENTS).asInteger();
    if (deduplicator == null || !timeToLive.equals(configuredTimeToLive) || maxEvents != configuredMaxEvents) {
      deduplicator = new EventDeduplicator(maxEvents, timeToLive, System::currentTimeMillis);
      configuredTimeToLive = timeToLive;
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
    DistributedMapCacheClient cache = context.getProperty(CACHE_CLIENT).isSet()
        ? context.getProperty(CACHE_CLIENT).asControllerService(DistributedMapCacheClient.class) : null;
    String keyPrefix = cache == null ? null : context.getProperty(CACHE_KEY_PREFIX).getValue();
    String claimant = flowFile.getAttribute("uuid");

    EventDeduplicator.Batch batch = deduplicator.begin();
    List<String> uniqueIds = new ArrayList<>();
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
        boolean isDuplicate = batch.check(eventId) == EventDeduplicator.Verdict.DUPLICATE
            || cache != null && cache.get(keyPrefix + eventId, UTF8, UTF8_READ) != null;
        if (!isDuplicate) {
          uniqueIds.add(eventId);
        }
        (isDuplicate ? duplicate : unique).write(record);
        index++;
      }
      uniqueFlowFile = unique.finish(Map.of());
      duplicateFlowFile = duplicate.finish(Map.of());
    } catch (IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
      batch.abandon();
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

    EventDeduplicator.Stats stats = deduplicator.stats();
    Map<String, String> attributes = Map.of(
        UNIQUE_COUNT_ATTRIBUTE, Integer.toString(unique.count()),
        DUPLICATE_COUNT_ATTRIBUTE, Integer.toString(duplicate.count()),
        EVICTIONS_ATTRIBUTE, Long.toString(stats.evicted()));
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
    // Until the commit, this FlowFile's ids count as seen (a duplicate in the next FlowFile is caught) but are
    // not remembered: a rollback forgets them, and no claim outlives work that did not happen.
    session.commitAsync(() -> {
      batch.commit();
      if (cache != null) {
        claim(cache, keyPrefix, uniqueIds, claimant);
      }
    }, failure -> batch.abandon());
  }

  private void claim(DistributedMapCacheClient cache, String keyPrefix, List<String> eventIds, String claimant) {
    try {
      for (String eventId : eventIds) {
        cache.putIfAbsent(keyPrefix + eventId, claimant, UTF8, UTF8);
      }
    } catch (IOException e) {
      getLogger().error("Could not remember {} event ids of committed FlowFile {} in the distributed cache; other"
          + " nodes will not catch their duplicates", eventIds.size(), claimant, e);
    }
  }

  private void reportEvictions(ProcessSession session, EventDeduplicator.Stats stats) {
    long evicted = stats.evicted() - reportedEvictions;
    if (evicted > 0) {
      reportedEvictions = stats.evicted();
      session.adjustCounter("Dedupe Evictions", evicted, false);
      getLogger().warn("Forgot {} event ids to stay within Maximum Remembered Events ({}); a later duplicate of"
          + " them cannot be caught. Raise Maximum Remembered Events.", evicted, configuredMaxEvents);
    }
  }

  private static String required(Record record, String field, long index) {
    Object value = record.getValue(field);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("record " + index + " has no '" + field + "' field");
    }
    return value.toString();
  }
}
