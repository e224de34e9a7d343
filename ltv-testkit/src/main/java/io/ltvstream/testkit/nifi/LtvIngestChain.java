package io.ltvstream.testkit.nifi;

import io.ltvstream.nifi.CleanUserEvents;
import io.ltvstream.nifi.DeduplicateUserEvents;
import io.ltvstream.nifi.EngineerEventFeatures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * Our ingest chain in nifi-mock, wired as a NiFi flow definition wires it (by default the shipped
 * flows/ltv-ingest.json, {@link IngestFlow#shipped}): the flow's processors of this project
 * (CleanUserEvents, DeduplicateUserEvents, EngineerEventFeatures) with the flow's property values,
 * the flow's record readers and writers (NiFi's real JsonTreeReader, AvroReader, ... and our
 * LtvAvroMessageWriter, under the flow's service ids), and every relationship routed by the flow's
 * connections: to the next of our processors, to a PutFile (whose FlowFiles are {@linkplain #kept kept}),
 * or to PublishKafka (whose records become {@linkplain #messages messages} as PublishKafka would make them
 * with the flow's Record Reader, Record Writer and Message Key Field). The raw FlowFiles enter where the
 * flow's source (ListenHTTP) sends them. The one driver of our chain for the benchmark and the
 * integration tests.
 *
 * <p>One instance is one run over fresh processors. A relationship the flow neither connects nor
 * auto-terminates, a processor type the driver cannot stand in for, or any FlowFile on a {@code failure}
 * relationship fails the run (a bad line is an invalid record, never a failure).
 */
public final class LtvIngestChain {
  /** A Kafka message as PublishKafka would send it. */
  public record Message(String key, byte[] value) {}

  /**
   * What the chain did, in records: whatever came in = invalid + duplicates + unique.
   *
   * @param cleaned records CleanUserEvents passed as valid
   * @param invalid records CleanUserEvents rejected, each bad line of a FlowFile among them
   * @param invalidReasons the rejected records per reason (CleanUserEvents' ltv.invalid.reason.* attributes)
   * @param duplicates records DeduplicateUserEvents routed to duplicate
   * @param unique records DeduplicateUserEvents passed as unique
   * @param engineered records EngineerEventFeatures wrote
   * @param delivered records per destination outside our processors (a PutFile or PublishKafka, by name)
   * @param nanos time spent in the processors' runs
   */
  public record Outcome(long cleaned, long invalid, Map<String, Long> invalidReasons,
      long duplicates, long unique, long engineered, Map<String, Long> delivered, long nanos) {}

  private static final String OUR_BUNDLE_GROUP = "io.ltvstream";
  private static final String LISTEN_HTTP = "org.apache.nifi.processors.standard.ListenHTTP";
  private static final String PUT_FILE = "org.apache.nifi.processors.standard.PutFile";
  private static final String PUBLISH_KAFKA = "org.apache.nifi.kafka.processors.PublishKafka";
  private static final String FAILURE = "failure";
  private static final String INVALID_REASON = "ltv.invalid.reason.";

  /** The ./ltv prepare mapping keys and the CleanUserEvents property each one sets. */
  private static final Map<String, PropertyDescriptor> MAPPED_PROPERTIES = Map.ofEntries(
      Map.entry("field.user_id", CleanUserEvents.USER_ID_FIELD),
      Map.entry("field.event_time", CleanUserEvents.EVENT_TIME_FIELD),
      Map.entry("time.pattern", CleanUserEvents.TIME_PATTERN),
      Map.entry("time.zone", CleanUserEvents.TIME_ZONE),
      Map.entry("field.event_type", CleanUserEvents.EVENT_TYPE_FIELD),
      Map.entry("field.amount", CleanUserEvents.AMOUNT_FIELD),
      Map.entry("field.currency", CleanUserEvents.CURRENCY_FIELD),
      Map.entry("field.quantity", CleanUserEvents.QUANTITY_FIELD),
      Map.entry("field.product_id", CleanUserEvents.PRODUCT_ID_FIELD),
      Map.entry("field.category", CleanUserEvents.CATEGORY_FIELD),
      Map.entry("field.channel", CleanUserEvents.CHANNEL_FIELD),
      Map.entry("field.region", CleanUserEvents.REGION_FIELD),
      Map.entry("field.age", CleanUserEvents.AGE_FIELD),
      Map.entry("field.event_id", CleanUserEvents.EVENT_ID_FIELD),
      Map.entry("pseudonymize.key", CleanUserEvents.PSEUDONYMIZATION_KEY));

  private final IngestFlow flow;
  /** Our processors by flow id, in the order FlowFiles pass them. */
  private final Map<String, TestRunner> runners = new LinkedHashMap<>();
  private final String entryId;
  private final Map<String, List<MockFlowFile>> kept = new LinkedHashMap<>();
  private final List<MockFlowFile> published = new ArrayList<>();
  private IngestFlow.Component publisher;
  private long nanos;

  private LtvIngestChain(IngestFlow flow, Map<String, String> mapping) throws Exception {
    this.flow = flow;
    this.entryId = entry(flow);
    for (String id : passingOrder(flow, entryId)) {
      IngestFlow.Component processor = flow.processors().get(id);
      TestRunner runner = TestRunners.newTestRunner(
          (Processor) Class.forName(processor.type()).getDeclaredConstructor().newInstance());
      addServices(runner);
      processor.properties().forEach(runner::setProperty);
      if (processor.type().equals(CleanUserEvents.class.getName())) {
        mapping.forEach((key, value) -> {
          PropertyDescriptor property = MAPPED_PROPERTIES.get(key);
          if (property != null) {
            runner.setProperty(property, value);
          }
        });
      }
      runner.assertValid();
      runners.put(id, runner);
    }
  }

  /**
   * The shipped flow (flows/ltv-ingest.json), its CleanUserEvents mapped onto the source's fields.
   *
   * @param mapping the ./ltv prepare mapping ({@code field.user_id}, {@code time.pattern}, {@code
   *     pseudonymize.key}, ...); each key present sets its CleanUserEvents property over the flow's value
   */
  public static LtvIngestChain mappedBy(Map<String, String> mapping) throws Exception {
    return new LtvIngestChain(IngestFlow.shipped(), mapping);
  }

  /** As {@link #mappedBy}, wired by another flow definition. */
  public static LtvIngestChain of(IngestFlow flow, Map<String, String> mapping) throws Exception {
    return new LtvIngestChain(flow, mapping);
  }

  /** Runs the raw FlowFiles through the flow; times only the processors' work. */
  public Outcome run(List<byte[]> flowFiles) {
    Map<String, List<MockFlowFile>> queued = new HashMap<>();
    Map<String, Map<String, List<MockFlowFile>>> transferred = new HashMap<>();
    runners.forEach((id, runner) -> queued.put(id, new ArrayList<>()));
    TestRunner entry = runners.get(entryId);
    flowFiles.forEach(entry::enqueue);
    timedRun(entry, flowFiles.size());
    for (Map.Entry<String, TestRunner> step : runners.entrySet()) {
      String id = step.getKey();
      TestRunner runner = step.getValue();
      if (!id.equals(entryId)) {
        forwardAll(queued.get(id), runner);
      }
      Map<String, List<MockFlowFile>> out = new HashMap<>();
      for (Relationship relationship : runner.getProcessor().getRelationships()) {
        List<MockFlowFile> flowFilesOut = runner.getFlowFilesForRelationship(relationship);
        out.put(relationship.getName(), flowFilesOut);
        route(id, relationship.getName(), flowFilesOut, queued);
      }
      transferred.put(runner.getProcessor().getClass().getName(), out);
    }
    List<MockFlowFile> rejected = of(transferred, CleanUserEvents.class, CleanUserEvents.REL_INVALID);
    Map<String, Long> delivered = new TreeMap<>();
    kept.forEach((name, files) -> delivered.put(name, recordCount(files)));
    if (publisher != null) {
      delivered.put(publisher.name(), recordCount(published));
    }
    return new Outcome(recordCount(of(transferred, CleanUserEvents.class, CleanUserEvents.REL_VALID)),
        recordCount(rejected), invalidReasons(rejected),
        recordCount(of(transferred, DeduplicateUserEvents.class, DeduplicateUserEvents.REL_DUPLICATE)),
        recordCount(of(transferred, DeduplicateUserEvents.class, DeduplicateUserEvents.REL_UNIQUE)),
        recordCount(of(transferred, EngineerEventFeatures.class, EngineerEventFeatures.REL_SUCCESS)),
        delivered, nanos);
  }

  /** After {@link #run}: the FlowFiles each PutFile of the flow received, by the PutFile's name. */
  public Map<String, List<MockFlowFile>> kept() {
    return kept;
  }

  /**
   * After {@link #run}: what PublishKafka makes of the FlowFiles the flow routes to it, with the flow's
   * Record Reader and Record Writer (one writer, one record, one message) and Message Key Field.
   */
  public List<Message> messages() throws Exception {
    List<Message> messages = new ArrayList<>();
    if (publisher == null) {
      return messages;
    }
    TestRunner services = runners.get(entryId);
    RecordReaderFactory reader = (RecordReaderFactory) services.getControllerService(
        publisher.properties().get("Record Reader"));
    RecordSetWriterFactory writer = (RecordSetWriterFactory) services.getControllerService(
        publisher.properties().get("Record Writer"));
    String keyField = publisher.properties().get("Message Key Field");
    for (MockFlowFile flowFile : published) {
      byte[] content = flowFile.toByteArray();
      try (RecordReader records = reader.createRecordReader(flowFile.getAttributes(),
          new ByteArrayInputStream(content), content.length, services.getLogger())) {
        for (Record record = records.nextRecord(); record != null; record = records.nextRecord()) {
          ByteArrayOutputStream value = new ByteArrayOutputStream();
          try (RecordSetWriter message = writer.createWriter(services.getLogger(),
              writer.getSchema(Map.of(), record.getSchema()), value, Map.of())) {
            message.write(record);
          }
          messages.add(new Message(keyField == null ? null : record.getAsString(keyField), value.toByteArray()));
        }
      }
    }
    return messages;
  }

  /** Sends what {@code relationship} of processor {@code sourceId} transferred where the flow connects it. */
  private void route(String sourceId, String relationship, List<MockFlowFile> flowFiles,
      Map<String, List<MockFlowFile>> queued) {
    IngestFlow.Component source = flow.processors().get(sourceId);
    IngestFlow.Component destination = flow.destination(sourceId, relationship).orElse(null);
    if (destination == null) {
      if (!source.autoTerminated().contains(relationship)) {
        throw new IllegalStateException(source.name() + "." + relationship + " goes nowhere in the flow");
      }
      return;
    }
    if (!flowFiles.isEmpty() && relationship.equals(FAILURE)) {
      throw new IllegalStateException(flowFiles.size() + " FlowFiles went to " + source.name() + "." + FAILURE
          + " (the flow sends them to " + destination.name() + ")");
    }
    if (runners.containsKey(destination.id())) {
      queued.get(destination.id()).addAll(flowFiles);
    } else if (destination.type().equals(PUT_FILE)) {
      kept.computeIfAbsent(destination.name(), name -> new ArrayList<>()).addAll(flowFiles);
    } else if (destination.type().equals(PUBLISH_KAFKA)) {
      publisher = destination;
      published.addAll(flowFiles);
    } else {
      throw new IllegalStateException("the driver cannot stand in for " + destination.type() + " ("
          + destination.name() + ")");
    }
  }

  /** Every controller service of the flow whose class is here, under the flow's id, as the flow sets it. */
  private void addServices(TestRunner runner) throws Exception {
    for (IngestFlow.Component service : flow.services().values()) {
      Class<?> type;
      try {
        type = Class.forName(service.type());
      } catch (ClassNotFoundException e) {
        continue; // e.g. the Kafka connection: PublishKafka is stood in for, its service is not needed
      }
      ControllerService instance = (ControllerService) type.getDeclaredConstructor().newInstance();
      runner.addControllerService(service.id(), instance);
      service.properties().forEach((name, value) -> runner.setProperty(instance, name, value));
      runner.enableControllerService(instance);
    }
  }

  /** The processor the flow's source (ListenHTTP) sends its FlowFiles to. */
  private static String entry(IngestFlow flow) {
    for (IngestFlow.Component processor : flow.processors().values()) {
      if (processor.type().equals(LISTEN_HTTP)) {
        return flow.destination(processor.id(), "success").map(IngestFlow.Component::id).orElseThrow(
            () -> new IllegalStateException(processor.name() + ".success goes nowhere in the flow"));
      }
    }
    throw new IllegalStateException("the flow has no " + LISTEN_HTTP + " to take the raw FlowFiles");
  }

  /** Our processors reachable from the entry, each after every one of ours that feeds it. */
  private static List<String> passingOrder(IngestFlow flow, String entryId) {
    Map<String, Integer> feeding = new HashMap<>();
    List<String> reachable = new ArrayList<>();
    Deque<String> search = new ArrayDeque<>(List.of(entryId));
    while (!search.isEmpty()) {
      String id = search.pop();
      if (reachable.contains(id)) {
        continue;
      }
      IngestFlow.Component processor = flow.processors().get(id);
      if (!processor.bundleGroup().equals(OUR_BUNDLE_GROUP)) {
        throw new IllegalStateException("the driver runs this project's processors only, not " + processor.type());
      }
      reachable.add(id);
      ours(flow, id).forEach(search::push);
    }
    for (String id : reachable) {
      ours(flow, id).forEach(next -> feeding.merge(next, 1, Integer::sum));
    }
    List<String> order = new ArrayList<>();
    Deque<String> ready = new ArrayDeque<>(List.of(entryId));
    while (!ready.isEmpty()) {
      String id = ready.poll();
      order.add(id);
      for (String next : ours(flow, id)) {
        if (feeding.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (order.size() != reachable.size()) {
      throw new IllegalStateException("our processors form a loop in the flow; the driver runs each once");
    }
    return order;
  }

  /** The processors of this project that {@code id} connects to, one entry per connection. */
  private static List<String> ours(IngestFlow flow, String id) {
    return flow.connections().stream().filter(c -> c.sourceId().equals(id) && !c.destinationId().equals(id))
        .map(IngestFlow.Connection::destinationId)
        .filter(to -> flow.processors().get(to).bundleGroup().equals(OUR_BUNDLE_GROUP)).toList();
  }

  private void timedRun(TestRunner runner, int flowFiles) {
    long start = System.nanoTime();
    runner.run(Math.max(1, flowFiles));
    nanos += System.nanoTime() - start;
  }

  /** What a connection does: content and attributes move on as new FlowFiles; all queued, then one run. */
  private void forwardAll(List<MockFlowFile> flowFiles, TestRunner next) {
    for (MockFlowFile flowFile : flowFiles) {
      Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
      attributes.remove("uuid");
      next.enqueue(flowFile.toByteArray(), attributes);
    }
    timedRun(next, flowFiles.size());
  }

  private static List<MockFlowFile> of(Map<String, Map<String, List<MockFlowFile>>> transferred,
      Class<? extends Processor> type, Relationship relationship) {
    return transferred.getOrDefault(type.getName(), Map.of()).getOrDefault(relationship.getName(), List.of());
  }

  private static Map<String, Long> invalidReasons(List<MockFlowFile> rejected) {
    Map<String, Long> reasons = new TreeMap<>();
    for (MockFlowFile flowFile : rejected) {
      flowFile.getAttributes().forEach((name, value) -> {
        if (name.startsWith(INVALID_REASON)) {
          reasons.merge(name.substring(INVALID_REASON.length()), Long.parseLong(value), Long::sum);
        }
      });
    }
    return reasons;
  }

  private static long recordCount(List<MockFlowFile> flowFiles) {
    return flowFiles.stream().mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
  }
}
