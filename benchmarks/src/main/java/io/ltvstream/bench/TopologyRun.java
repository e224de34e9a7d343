package io.ltvstream.bench;

import io.ltvstream.broker.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Runs one topology over a topic that already holds its input, under exactly_once_v2, and times it
 * from the moment the application is RUNNING until a read_committed consumer has seen every output.
 */
final class TopologyRun implements AutoCloseable {
  private final KafkaStreams streams;
  private final Path stateDir;

  private TopologyRun(KafkaStreams streams, Path stateDir) {
    this.streams = streams;
    this.stateDir = stateDir;
  }

  /**
   * @param topology builds the topology from (input topic, output topic)
   * @param extra Streams settings of this topology (for example the scorer's model location)
   */
  static TopologyRun start(EmbeddedKafka kafka, String applicationId, String input, String output,
                           BiFunction<String, String, Topology> topology, Map<String, Object> extra)
      throws Exception {
    // Kafka Streams warns about state in the OS temp directory, so state goes under ~/.cache
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "ltv-stream");
    Files.createDirectories(cache);
    Path stateDir = Files.createTempDirectory(cache, "bench-state-");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    props.put("processing.exception.handler.global.enabled", "true");
    props.putAll(extra);
    CountDownLatch running = new CountDownLatch(1);
    KafkaStreams streams = new KafkaStreams(topology.apply(input, output), props);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    streams.start();
    if (!running.await(120, TimeUnit.SECONDS)) {
      streams.close(Duration.ofSeconds(30));
      throw new IllegalStateException(applicationId + " did not reach RUNNING within 120 s (state " + streams.state() + ")");
    }
    return new TopologyRun(streams, stateDir);
  }

  /** Waits until {@code expected} committed records are on {@code output}; returns the seconds it took. */
  static double secondsUntilCommitted(EmbeddedKafka kafka, String output, long expected, Duration timeout) {
    long start = System.nanoTime();
    long seen = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = committedReader(kafka)) {
      consumer.subscribe(List.of(output));
      long deadline = start + timeout.toNanos();
      while (seen < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + seen + " of " + expected + " records reached " + output
              + " within " + timeout.toSeconds() + " s");
        }
        seen += consumer.poll(Duration.ofMillis(100)).count();
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  static KafkaConsumer<byte[], byte[]> committedReader(EmbeddedKafka kafka) {
    return new KafkaConsumer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(),
        "group.id", "bench-reader-" + System.nanoTime(),
        "isolation.level", "read_committed",
        "auto.offset.reset", "earliest",
        "enable.auto.commit", false,
        "max.poll.records", 5000,
        "key.deserializer", ByteArrayDeserializer.class,
        "value.deserializer", ByteArrayDeserializer.class));
  }

  static Iterable<ConsumerRecord<byte[], byte[]>> poll(KafkaConsumer<byte[], byte[]> consumer) {
    return consumer.poll(Duration.ofMillis(50));
  }

  KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(60));
    try (var paths = Files.walk(stateDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      System.err.println("bench: cannot delete " + stateDir + ": " + e);
    }
  }
}
