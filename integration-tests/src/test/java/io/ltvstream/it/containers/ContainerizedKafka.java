package io.ltvstream.it.containers;

import io.ltvstream.scorer.service.ScorerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A Kafka 4.3.1 broker in a container on its own network: the test reaches it through the mapped
 * port, scorer containers through {@link #INTERNAL_BOOTSTRAP}. Holds the topic layout of the
 * product (ltv-events keyed by user, ltv-scores, ltv-dlq) and read_committed readers.
 */
final class ContainerizedKafka implements AutoCloseable {
  static final String INTERNAL_BOOTSTRAP = "kafka:19092";
  static final String EVENTS = "ltv-events";
  static final String SCORES = "ltv-scores";
  static final String DLQ = "ltv-dlq";

  private final Network network = Network.newNetwork();
  private final KafkaContainer kafka;

  /**
   * KafkaContainer's own first process ({@code sh}, waiting for its start script) would stay PID 1
   * and ignore SIGTERM, as a PID 1 without a handler does, so a container stop would end in SIGKILL.
   * This one waits the same way, then execs the script with its last step exec'd too: the broker
   * JVM becomes PID 1 and a container stop is a clean broker shutdown.
   */
  private static final String BROKER_AS_PID_1 = "while [ ! -f /tmp/testcontainers_start.sh ]; do sleep 0.1; done; "
      + "sed 's|^/etc/kafka/docker/run|exec /etc/kafka/docker/run|' /tmp/testcontainers_start.sh > /tmp/ltv_start.sh; "
      + "exec bash /tmp/ltv_start.sh";

  private ContainerizedKafka() {
    kafka = LtvImages.kafka().withNetwork(network).withNetworkAliases("kafka").withListener(INTERNAL_BOOTSTRAP)
        .withCommand("bash", "-c", BROKER_AS_PID_1);
  }

  /** Starts the broker and creates the product's topics with {@code partitions} each. */
  static ContainerizedKafka start(int partitions) throws ExecutionException, InterruptedException {
    ContainerizedKafka started = new ContainerizedKafka();
    try {
      started.kafka.start();
      started.createTopics(partitions, EVENTS, SCORES, DLQ);
    } catch (RuntimeException | ExecutionException | InterruptedException e) {
      started.close();
      throw e;
    }
    return started;
  }

  Network network() {
    return network;
  }

  KafkaContainer container() {
    return kafka;
  }

  void createTopics(int partitions, String... topics) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
      List<NewTopic> created = new ArrayList<>();
      for (String topic : topics) {
        created.add(new NewTopic(topic, partitions, (short) 1));
      }
      admin.createTopics(created).all().get();
    }
  }

  /**
   * The test's own clients wait on one connection attempt as long as the scorer's do: after {@link
   * #restartBroker()} an attempt through the old port mapping hangs until that wait ends, and the
   * reader's wait would otherwise count in the scorer's recovery time.
   */
  private static void reconnectLikeTheScorer(Properties config) {
    config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
        ScorerSettings.CONNECTION_SETUP_TIMEOUT_MAX_MS);
  }

  /** Stops the broker container (SIGTERM: a clean broker shutdown) and starts it again, same data and ports. */
  void restartBroker() {
    var docker = kafka.getDockerClient();
    docker.stopContainerCmd(kafka.getContainerId()).withTimeout(60).exec();
    docker.startContainerCmd(kafka.getContainerId()).exec();
  }

  KafkaProducer<String, byte[]> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
    reconnectLikeTheScorer(config);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * A read_committed consumer assigned every partition of {@code topic}, from the beginning.
   * Assigned, not subscribed: without a group nothing resets its positions when the broker (and
   * with it the group coordinator) restarts, so it never reads a record twice.
   */
  KafkaConsumer<String, byte[]> committedReader(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    reconnectLikeTheScorer(config);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /**
   * A fresh read_committed read of the whole of {@code topic}: at least {@code count} records, and
   * whatever else (duplicates) shows within three more seconds.
   */
  List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int count, Duration patience)
      throws InterruptedException {
    try (CommittedTopic follower = new CommittedTopic(this, topic)) {
      return follower.awaitCount(count, patience).settle(Duration.ofSeconds(3)).records();
    }
  }

  @Override
  public void close() {
    kafka.stop();
    network.close();
  }
}
