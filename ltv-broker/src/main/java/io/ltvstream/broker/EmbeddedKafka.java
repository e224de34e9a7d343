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
 * groups work on a single node. {@link #start()} keeps its data in a temporary directory that
 * {@link #close()} deletes (the demo, the benchmarks, the tests); {@link #startKeeping} keeps it
 * in a given directory across restarts and can listen on a fixed port ({@code ./ltv broker}).
 */
public final class EmbeddedKafka implements AutoCloseable {
  /**
   * The listener clients use when a fixed port is asked for. The kit binds its own broker
   * listener to a port it picks before start, so a fixed port needs a listener of its own.
   */
  static final String FIXED_PORT_LISTENER = "LOCAL";
  /** Where {@link #startKeeping} records the cluster id, so that a restart finds its own data. */
  static final String CLUSTER_ID_FILE = "ltv-cluster.id";

  private final KafkaClusterTestKit cluster;
  private final Path directory;
  private final boolean keepData;
  private final int fixedPort;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path directory, boolean keepData, int fixedPort) {
    this.cluster = cluster;
    this.directory = directory;
    this.keepData = keepData;
    this.fixedPort = fixedPort;
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
    return start(directory, false, 0, brokerConfig);
  }

  /**
   * Starts a single-node cluster whose data stays in {@code directory}: a first start formats it,
   * a later one resumes its topics and offsets. {@link #close()} stops the broker and keeps the
   * data.
   *
   * @param port the port clients connect to on localhost, or 0 for any free port
   */
  public static EmbeddedKafka startKeeping(Path directory, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker's data directory " + directory, e);
    }
    return start(directory, true, port, Map.of());
  }

  private static EmbeddedKafka start(Path directory, boolean keepData, int fixedPort,
      Map<String, String> brokerConfig) {
    KafkaClusterTestKit cluster = null;
    try {
      Path clusterIdFile = directory.resolve(CLUSTER_ID_FILE);
      boolean formatted = keepData && Files.exists(clusterIdFile);
      TestKitNodes.Builder nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumControllerNodes(1)
          .setNumBrokerNodes(1)
          .setBaseDirectory(directory)
          // the kit defaults to the next, unreleased metadata version
          .setBootstrapMetadataVersion(MetadataVersion.latestProduction());
      if (formatted) {
        nodes.setClusterId(Files.readString(clusterIdFile).strip());
      }
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
      singleNodeDefaults().forEach(builder::setConfigProp);
      if (fixedPort > 0) {
        fixedPortListener(fixedPort).forEach(builder::setConfigProp);
      }
      brokerConfig.forEach(builder::setConfigProp);
      builder.setDeleteOnClose(!keepData);
      cluster = builder.build();
      if (!formatted) {
        formatQuietly(cluster);
        if (keepData) {
          Files.writeString(clusterIdFile, cluster.nodes().clusterId() + System.lineSeparator());
        }
      }
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster, directory, keepData, fixedPort);
    } catch (Exception e) {
      closeQuietly(cluster);
      if (!keepData) {
        deleteRecursively(directory);
      }
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

  /**
   * The kit's own listeners (the controller's and the broker's, on ports it picks) plus one on
   * localhost at {@code port}. Kafka never advertises the controller listener to clients.
   */
  private static Map<String, String> fixedPortListener(int port) {
    return Map.of(
        "listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + FIXED_PORT_LISTENER + "://localhost:" + port,
        "listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + FIXED_PORT_LISTENER + ":PLAINTEXT");
  }

  /** {@code host:port} for clients: the fixed port when one was asked for. */
  public String bootstrapServers() {
    return fixedPort > 0 ? "localhost:" + fixedPort : cluster.bootstrapServers();
  }

  /** Where the broker keeps its logs and metadata (deleted on close unless kept). */
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

  /** Stops the broker and deletes its data, unless it was started to keep it. */
  @Override
  public void close() {
    closeQuietly(cluster);
    if (!keepData) {
      deleteRecursively(directory);
    }
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
