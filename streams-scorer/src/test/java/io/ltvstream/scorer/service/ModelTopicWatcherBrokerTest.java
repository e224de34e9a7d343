package io.ltvstream.scorer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.model.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models topic on a real broker: replay at start, the directory beside it, a reader that dies. */
class ModelTopicWatcherBrokerTest {
  private static final Duration CATCH_UP = Duration.ofSeconds(60);
  private static EmbeddedKafka broker;
  private static ModelBundle january;
  private static ModelBundle midJanuary;
  private static ModelBundle february;
  private static ModelBundle march;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    january = Bundles.trained(7, "2026-01-02T00:00:00Z", "2026-01-01");
    midJanuary = Bundles.trained(8, "2026-01-16T00:00:00Z", "2026-01-15");
    february = Bundles.trained(7, "2026-02-02T00:00:00Z", "2026-02-01");
    march = Bundles.trained(8, "2026-03-02T00:00:00Z", "2026-03-01");
    broker = EmbeddedKafka.start();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static ModelRegistry<ModelBundle> registry() {
    return new ModelRegistry<>(ModelBundle::read, BundleIdentity::of, null, null);
  }

  private static Properties client() {
    Properties props = new Properties();
    props.put("bootstrap.servers", broker.bootstrapServers());
    return props;
  }

  private static void publish(String topic, byte[]... bundles) {
    try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(broker)) {
      for (byte[] bundle : bundles) {
        producer.send(new ProducerRecord<>(topic, "current".getBytes(), bundle));
      }
    }
  }

  @Test
  void theReplayAtStartEndsOnTheNewestValidBundleAndNeverBelowTheOneLoadedFirst() throws Exception {
    broker.createTopics(1, "models-replay", "models-old");
    byte[] corrupt = march.toBytes();
    corrupt[corrupt.length - 400] ^= 0x5A;
    publish("models-replay", january.toBytes(), february.toBytes(), midJanuary.toBytes(), corrupt);

    ModelRegistry<ModelBundle> replayed = registry();
    replayed.offer("scorer.model.path", midJanuary.toBytes(), null);
    try (ModelTopicWatcher watcher = new ModelTopicWatcher(client(), "models-replay", replayed)) {
      watcher.catchUp(CATCH_UP);
      assertThat(replayed.currentVersion()).contains(february.version()); // not the last record, midJanuary
    }

    publish("models-old", january.toBytes());
    ModelRegistry<ModelBundle> keeps = registry();
    keeps.offer("scorer.model.path", midJanuary.toBytes(), null);
    try (ModelTopicWatcher watcher = new ModelTopicWatcher(client(), "models-old", keeps)) {
      watcher.catchUp(CATCH_UP);
      assertThat(keeps.currentVersion()).contains(midJanuary.version());
    }
  }

  @Test
  void theDirectoryAndTheTopicTogetherOnlyEverMoveForward() throws Exception {
    broker.createTopics(1, "models-both");
    publish("models-both", january.toBytes());
    ModelRegistry<ModelBundle> registry = registry();
    try (ModelDirectoryWatcher directory = new ModelDirectoryWatcher(dir, "*.zip", registry);
         ModelTopicWatcher topic = new ModelTopicWatcher(client(), "models-both", registry)) {
      write(dir.resolve("february.zip"), february, 1);
      directory.poll();
      directory.poll();
      topic.catchUp(CATCH_UP);
      assertThat(registry.currentVersion()).contains(february.version());

      topic.start();
      publish("models-both", march.toBytes());
      BrokerClients.await("march from the topic", () -> registry.currentVersion().orElse("").equals(march.version()));

      write(dir.resolve("mid-january.zip"), midJanuary, 2); // newest file of the directory, older model
      directory.poll();
      assertThat(directory.poll()).contains(ModelRegistry.Outcome.REFUSED_OLDER);
      assertThat(registry.currentVersion()).contains(march.version());
    }
  }

  @Test
  void closingAReaderThatFollowsTheTopicClosesItsConsumerWithoutAnError() throws Exception {
    broker.createTopics(1, "models-close");
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    try {
      for (int run = 0; run < 5; run++) { // the shutdown of a scorer, several times: the close races the poll
        try (ModelTopicWatcher watcher = new ModelTopicWatcher(client(), "models-close", registry())) {
          watcher.catchUp(CATCH_UP);
          watcher.start();
          Thread.sleep(200);
        }
      }
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
    assertThat(uncaught).isEmpty();
  }

  @Test
  void aReaderStoppedByAnErrorSaysWhy() throws Exception {
    broker.createTopics(1, "models-fatal");
    ModelRegistry<ModelBundle> registry = new ModelRegistry<>((bytes, origin) -> {
      throw new OutOfMemoryError("Java heap space (reading " + origin + ")");
    }, BundleIdentity::of, null, null);
    try (ModelTopicWatcher watcher = new ModelTopicWatcher(client(), "models-fatal", registry)) {
      watcher.catchUp(CATCH_UP);
      watcher.start();
      assertThat(watcher.deathCause()).isEmpty();
      publish("models-fatal", january.toBytes());
      BrokerClients.await("the reader to stop", () -> watcher.deathCause().isPresent());
      assertThat(watcher.deathCause().orElseThrow()).contains("OutOfMemoryError", "models-fatal-0@0");
    }
  }

  private static void write(Path file, ModelBundle bundle, int minute) throws Exception {
    Files.write(file, bundle.toBytes());
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-04-01T00:00:00Z").plusSeconds(60L * minute)));
  }
}
