package io.ltvstream.cli;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.history.History;
import io.ltvstream.core.history.HistoryFormatException;
import io.ltvstream.schemas.AvroMessageCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./ltv backfill}: publishes a history to the events topic as the live flow would (key =
 * user id, value = single-object Avro {@code EngineeredEvent}), in {@link HistoryInput#REPLAY_ORDER},
 * with the event time as the record timestamp, through an idempotent producer.
 *
 * <p>Resuming: every record carries {@value #SOURCE_HEADER} (a digest of the input file) and
 * {@value #POSITION_HEADER} (its index in the replay order). A run first reads the last records
 * of each partition; when they come from the same input, it skips every event up to that position
 * in that partition. Since the order is fixed and the producer keeps each partition's records in
 * order without gaps, a run after a crash publishes exactly the rest.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = "Publish a history (./ltv prepare's output, or a CDNOW file) to the events topic: per user in"
        + " event-time order, record timestamp = event time, key = user id, idempotent producer. Re-running"
        + " resumes: events already in the topic from the same input are not published again.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every event of the input is in the topic",
        "1:the input could not be read, the topic is missing or would delete the history, or publishing failed (re-run to resume)",
        "2:wrong command line"})
final class BackfillCommand implements Callable<Integer> {
  static final int FAILED = 1;
  static final String SOURCE_HEADER = "ltv.backfill.source";
  static final String POSITION_HEADER = "ltv.backfill.position";
  /** How many records back from each partition's end the resume check looks (transaction markers, stray records). */
  static final int RESUME_LOOKBACK = 64;
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, description = "History file.")
  Path input;

  @Option(names = "--format", required = true, description = "Input format: ${COMPLETION-CANDIDATES}.")
  InputFormat format;

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers (host:port,...).")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = StreamTopics.EVENTS, description = "Events topic (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--max-events", description = "Publish at most this many events in this run; the next run goes on from there (default: all).")
  Long maxEvents;

  @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Show a progress bar on stderr when it is a terminal (default: ${DEFAULT-VALUE}).")
  boolean progress;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (maxEvents != null && maxEvents < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-events must be at least 1");
    }
    List<EngineeredEvent> ordered;
    String source;
    try {
      History history = HistoryInput.read(input, format);
      ordered = HistoryInput.inReplayOrder(history);
      source = digest(input);
      err.printf(Locale.ROOT, "ltv backfill: %s: %,d events (%,d records, %,d invalid)%n", input,
          ordered.size(), history.records(), history.invalid());
    } catch (IOException | HistoryFormatException e) {
      err.println("ltv backfill: " + FileProblems.describe(e));
      return FAILED;
    }
    if (ordered.isEmpty()) {
      err.println("ltv backfill: " + input + " holds no event");
      return FAILED;
    }
    try {
      int partitions = checkTopic(ordered.getFirst().getEventTime());
      long[] lastPublished = lastPublishedPositions(partitions, source);
      return publish(ordered, partitions, lastPublished, source, err, out);
    } catch (TopicUnusableException e) {
      err.println("ltv backfill: " + FileProblems.describe(e));
      return FAILED;
    }
  }

  private int publish(List<EngineeredEvent> ordered, int partitions, long[] lastPublished, String source,
      PrintWriter err, PrintWriter out) {
    AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
    byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    ProgressLine bar = ProgressLine.onStderr(err, "backfill", progress);
    long skipped = 0;
    long sent = 0;
    long limit = maxEvents == null ? Long.MAX_VALUE : maxEvents;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
      for (int position = 0; position < ordered.size() && sent < limit && failure.get() == null; position++) {
        EngineeredEvent event = ordered.get(position);
        int partition = partitionOf(event.getUserId(), partitions);
        if (position <= lastPublished[partition]) {
          skipped++;
          continue;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(SOURCE_HEADER, sourceBytes);
        headers.add(POSITION_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(position).array());
        producer.send(new ProducerRecord<>(topic, partition, event.getEventTime().toEpochMilli(),
            event.getUserId(), codec.encode(event), headers), (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              } else {
                acknowledged.incrementAndGet();
              }
            });
        sent++;
        if (sent % 1_000 == 0) {
          bar.update(skipped + sent, ordered.size(), String.format(Locale.ROOT, "%,d / %,d events, %,.0f events/s",
              skipped + sent, ordered.size(), bar.perSecond(acknowledged.get())));
        }
      }
      producer.flush();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
    bar.update(skipped + acknowledged.get(), ordered.size(), String.format(Locale.ROOT,
        "%,d / %,d events, %,.0f events/s", skipped + acknowledged.get(), ordered.size(),
        bar.perSecond(acknowledged.get())));
    bar.finish();
    if (failure.get() != null) {
      err.printf(Locale.ROOT, "ltv backfill: publishing to %s failed after %,d events: %s; re-run the same"
          + " command to resume%n", topic, acknowledged.get(), failure.get().getMessage());
      return FAILED;
    }
    long remaining = ordered.size() - skipped - sent;
    out.printf(Locale.ROOT, "backfill: %,d events published to %s (%,.0f events/s), %,d already there, %,d left%n",
        acknowledged.get(), topic, bar.perSecond(acknowledged.get()), skipped, remaining);
    out.flush();
    return 0;
  }

  private Map<String, Object> producerConfig() {
    return Map.of(
        "bootstrap.servers", bootstrapServers,
        "acks", "all",
        // per partition: in order, no duplicates, no gaps, which the resume check relies on
        "enable.idempotence", true,
        "max.in.flight.requests.per.connection", 5,
        "linger.ms", 20,
        "batch.size", 256 * 1024,
        "compression.type", "lz4",
        "key.serializer", StringSerializer.class,
        "value.serializer", ByteArraySerializer.class);
  }

  /**
   * The default partitioner's choice for a keyed record (murmur2 of the key bytes), made here so
   * that the resume check knows each event's partition before sending it.
   */
  static int partitionOf(String userId, int partitions) {
    return Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * The topic's partition count; refuses a missing topic, and one whose time retention would
   * delete the history's records shortly after they are written (retention counts from the
   * record timestamp, which is the event time).
   */
  private int checkTopic(Instant oldestEvent) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers,
        "default.api.timeout.ms", (int) KAFKA_TIMEOUT.toMillis()))) {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      long retentionMs = Long.parseLong(config.get("retention.ms").value());
      if (retentionMs >= 0 && oldestEvent.isBefore(Instant.now().minusMillis(retentionMs))) {
        throw new TopicUnusableException(String.format(Locale.ROOT, "topic %s deletes records older than %s"
            + " (retention.ms=%d) and the history starts at %s: the broker would delete it shortly after it is"
            + " written; set retention.ms=-1 on the topic (kafka-configs.sh --alter --entity-type topics"
            + " --entity-name %s --add-config retention.ms=-1), as ./ltv broker does",
            topic, Duration.ofMillis(retentionMs), retentionMs, oldestEvent, topic));
      }
      return description.partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new TopicUnusableException("topic " + topic + " does not exist on " + bootstrapServers
            + "; create it (./ltv broker creates " + StreamTopics.EVENTS + ")");
      }
      throw new TopicUnusableException("cannot describe topic " + topic + " on " + bootstrapServers + ": "
          + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicUnusableException("interrupted while describing topic " + topic);
    }
  }

  /**
   * Per partition, the replay position of the last record this input published there, or -1: read
   * from the last {@value #RESUME_LOOKBACK} records of each partition.
   */
  private long[] lastPublishedPositions(int partitions, String source) {
    long[] positions = new long[partitions];
    Arrays.fill(positions, -1);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrapServers,
        "enable.auto.commit", false,
        "key.deserializer", ByteArrayDeserializer.class,
        "value.deserializer", ByteArrayDeserializer.class))) {
      List<TopicPartition> all = IntStream.range(0, partitions)
          .mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(all);
      Map<TopicPartition, Long> ends = consumer.endOffsets(all, KAFKA_TIMEOUT);
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(all, KAFKA_TIMEOUT);
      for (TopicPartition partition : all) {
        long end = ends.get(partition);
        long from = Math.max(starts.get(partition), end - RESUME_LOOKBACK);
        if (from >= end) {
          continue;
        }
        consumer.seek(partition, from);
        consumer.pause(all.stream().filter(p -> !p.equals(partition)).toList());
        consumer.resume(List.of(partition));
        long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
        while (consumer.position(partition) < end) {
          if (System.nanoTime() > deadline) {
            throw new TopicUnusableException("cannot read the end of " + partition + " within " + KAFKA_TIMEOUT.toSeconds() + " s");
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            Header origin = record.headers().lastHeader(SOURCE_HEADER);
            Header position = record.headers().lastHeader(POSITION_HEADER);
            if (origin != null && position != null && source.equals(new String(origin.value(), StandardCharsets.UTF_8))) {
              positions[partition.partition()] = Math.max(positions[partition.partition()],
                  ByteBuffer.wrap(position.value()).getLong());
            }
          }
        }
      }
    }
    return positions;
  }

  /** The first 16 bytes (hex) of the input file's SHA-256: which history a record came from. */
  static String digest(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** A topic that backfill cannot or must not write to; the message says why. */
  static final class TopicUnusableException extends RuntimeException {
    TopicUnusableException(String message) {
      super(message);
    }
  }
}
