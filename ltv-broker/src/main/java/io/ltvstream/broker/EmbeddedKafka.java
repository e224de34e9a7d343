package io.ltvstream.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM: one combined KRaft controller and broker
 * ({@link KafkaClusterTestKit}), formatted with the latest production metadata version, with every
 * internal topic at replication factor 1 so that transactions (exactly_once_v2) and consumer
 * groups work on a single node. Its data lives in a temporary directory that {@link #close()}
 * deletes. Used by {@code ./ltv demo}, {@code ./ltv bench} and the integration tests.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final Path directory;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path directory) {
    this.cluster = cluster;
    this.directory = directory;
  }

  /** Starts a single-node cluster and waits until its broker is ready. */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /**
   * Starts a single-node cluster with extra broker settings and waits until its broker is ready.
   *
   * @param brokerConfig broker settings on top of the single-node defaults
   */
  public static EmbeddedKafka start(Map<String, String> brokerConfig) {
    Path directory;
    try {
      directory = Files.createTempDirectory("ltv-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the embedded broker", e);
    }
    KafkaClusterTestKit cluster = null;
    try {
      TestKitNodes nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumControllerNodes(1)
          .setNumBrokerNodes(1)
          .setBaseDirectory(directory)
          // the kit defaults to the next, unreleased metadata version
          .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
          .build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
      singleNodeDefaults().forEach(builder::setConfigProp);
      brokerConfig.forEach(builder::setConfigProp);
      cluster = builder.build();
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster, directory);
    } catch (Exception e) {
      closeQuietly(cluster);
      deleteRecursively(directory);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the embedded Kafka broker did not start: " + e, e);
    }
  }

  /** The kit's format step prints its bootstrap records to stdout, which is the demo's terminal. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    PrintStream terminal = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      cluster.format();
    } finally {
      System.setOut(terminal);
    }
  }

  /** Settings without which a one-node cluster cannot run groups, transactions or share groups. */
  static Map<String, String> singleNodeDefaults() {
    return Map.of(
        "offsets.topic.replication.factor", "1",
        "offsets.topic.num.partitions", "4",
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "transaction.state.log.num.partitions", "4",
        "share.coordinator.state.topic.replication.factor", "1",
        "share.coordinator.state.topic.min.isr", "1",
        "group.initial.rebalance.delay.ms", "0",
        "auto.create.topics.enable", "false");
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Where the broker keeps its logs and metadata (deleted on close). */
  public Path directory() {
    return directory;
  }

  /** A new admin client on this cluster; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
  }

  /** Creates the topics (replication factor 1) that do not exist yet, and waits for them. */
  public void createTopics(int partitions, String... names) {
    try (Admin admin = admin()) {
      List<NewTopic> topics = Stream.of(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() {
    closeQuietly(cluster);
    deleteRecursively(directory);
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      System.err.println("embedded Kafka: error while stopping: " + e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("embedded Kafka: cannot delete " + root + ": " + e);
    }
  }
}
