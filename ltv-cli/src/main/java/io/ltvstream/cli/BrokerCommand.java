package io.ltvstream.cli;

import io.ltvstream.broker.EmbeddedKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./ltv broker}: the embedded single-node KRaft broker ({@link EmbeddedKafka}) for local
 * use, with its data kept in a directory, and the scorer's topics created. Runs until SIGTERM or
 * Ctrl-C; a shutdown hook stops the broker cleanly before the JVM exits.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run a local single-node Kafka broker (KRaft, no ZooKeeper, no Docker) until stopped"
        + " (Ctrl-C, SIGTERM). Prints bootstrap.servers=HOST:PORT on stdout once it is ready."
        + " Creates ltv-events, ltv-scores, ltv-dlq, the compacted ltv-user-profiles and ltv-models if missing, all"
        + " kept forever (retention.ms=-1): backfilled history carries old timestamps.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:stopped (143 when stopped by SIGTERM, as for any JVM)",
        "1:the broker could not start (port taken, data directory unusable)",
        "2:wrong command line"})
final class BrokerCommand implements Callable<Integer> {
  static final int FAILED = 1;
  /** Bundles are a few hundred kB; the topic takes up to this much per record. */
  static final int MODEL_MAX_BYTES = 16 * 1024 * 1024;

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "9092",
      description = "Port on localhost for clients; 0 picks a free one (default ${DEFAULT-VALUE}, as config/scorer.properties expects).")
  int port;

  @Option(names = "--data-dir", defaultValue = "ltv-broker-data",
      description = "Directory of the broker's logs and metadata, kept across restarts (default ${DEFAULT-VALUE}, in the current directory).")
  Path dataDir;

  @Option(names = "--partitions", defaultValue = "4",
      description = "Partitions of ltv-events, ltv-scores and ltv-dlq when they are created (default ${DEFAULT-VALUE}).")
  int partitions;

  /** Released to stop the broker: by the shutdown hook, or by a test. */
  final CountDownLatch stopRequested = new CountDownLatch(1);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65_535) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port " + port + " is not between 0 and 65535");
    }
    if (partitions < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--partitions must be at least 1");
    }
    EmbeddedKafka kafka;
    try {
      kafka = EmbeddedKafka.startKeeping(dataDir, port);
    } catch (RuntimeException e) {
      err.println("ltv broker: cannot start a broker on port " + port + " with data in " + dataDir + ": "
          + rootMessage(e));
      return FAILED;
    }
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopRequested.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ltv-broker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      createTopics(kafka);
      out.println("bootstrap.servers=" + kafka.bootstrapServers());
      out.flush();
      err.println("ltv broker: ready; data in " + dataDir.toAbsolutePath() + "; stop with Ctrl-C");
      err.flush();
      stopRequested.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (RuntimeException e) {
      err.println("ltv broker: " + rootMessage(e));
      return FAILED;
    } finally {
      err.println("ltv broker: stopping");
      err.flush();
      kafka.close();
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting through the hook, which has just been released
      }
    }
  }

  private void createTopics(EmbeddedKafka kafka) {
    Map<String, String> keptForever = Map.of("retention.ms", "-1");
    List<NewTopic> topics = List.of(
        new NewTopic(StreamTopics.EVENTS, partitions, (short) 1).configs(keptForever),
        new NewTopic(StreamTopics.SCORES, partitions, (short) 1).configs(keptForever),
        new NewTopic(StreamTopics.DLQ, partitions, (short) 1).configs(keptForever),
        // co-partitioned with the events: the scorer joins it as a table
        new NewTopic(StreamTopics.PROFILES, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact")),
        new NewTopic(StreamTopics.MODELS, 1, (short) 1).configs(Map.of(
            "cleanup.policy", "compact", "max.message.bytes", Integer.toString(MODEL_MAX_BYTES))));
    try (Admin admin = kafka.admin()) {
      for (var created : admin.createTopics(topics).values().entrySet()) {
        try {
          created.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + created.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
