package io.ltvstream.scorer.service;

import static io.ltvstream.scorer.service.BrokerClients.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.schemas.kafka.LtvSerdes;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle re-scorer on a real broker: users go idle, then the scorer is stopped and started on an empty disk
 * (its state restored from the changelogs) or a second instance joins and takes a task over. Each idle user is
 * re-scored exactly once per idle period, whatever instance holds the user when the period is crossed: on
 * stream time at the stream time (the event time) of the scan, on the wall clock at a scan within the period.
 */
class IdleRescoreAcrossRestartAndTaskMoveTest {
  private static final int PARTITIONS = 2;
  private static final int IDLE_USERS_PER_PARTITION = 3;
  /** Long past: stream time is event time, so it is years behind the wall clock. */
  private static final Instant T0 = Instant.parse("2025-03-03T10:00:00Z");
  /** Idle for 30 days after {@link #T0}: the first idle period begins. */
  private static final Instant FIRST_PERIOD_SCAN = at(30.5);
  private static final Instant SECOND_PERIOD_SCAN = at(61);
  @TempDir static Path dir;
  private static EmbeddedKafka broker;

  @BeforeAll
  static void start() throws Exception {
    broker = EmbeddedKafka.start();
    TinyModel.bundle().save(dir.resolve("model.zip"));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static Instant at(double days) {
    return T0.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
  }

  @Test
  void aRestartOnAnEmptyDiskNeitherRepeatsNorSkipsAnIdlePeriod() throws Exception {
    Topics topics = Topics.create("restart");
    ScorerService before = startRunning(topics, "disk-1");
    try {
      goIdleUntilTheFirstPeriodIsRescored(topics);
    } finally {
      before.close();
    }
    ScorerService after = startRunning(topics, "disk-2");
    try {
      crossTheSecondPeriod(topics);
      assertEachIdleUserRescoredOncePerPeriod(topics);
      assertThat(after.metrics().idleRescores()).as("the restarted instance re-scored the second period")
          .isEqualTo((long) topics.idleUsers().size());
    } finally {
      after.close();
    }
  }

  @Test
  void aTaskMovedToAJoiningInstanceNeitherRepeatsNorSkipsAnIdlePeriod() throws Exception {
    Topics topics = Topics.create("move");
    ScorerService first = startRunning(topics, "move-1");
    ScorerService second = null;
    try {
      goIdleUntilTheFirstPeriodIsRescored(topics);
      second = startRunning(topics, "move-2");
      ScorerService joined = second;
      await("each instance holding one task", () -> activeTasks(first) == 1 && activeTasks(joined) == 1);
      crossTheSecondPeriod(topics);
      assertEachIdleUserRescoredOncePerPeriod(topics);
      assertThat(joined.metrics().idleRescores()).as("the joining instance re-scored its moved users' second period")
          .isEqualTo(IDLE_USERS_PER_PARTITION);
      assertThat(first.metrics().idleRescores()).as("all first periods, and the second for the users it kept")
          .isEqualTo(topics.idleUsers().size() + IDLE_USERS_PER_PARTITION);
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  /**
   * On the wall clock, with an idle period of 30 s: users idle since 25 s ago are re-scored by the first
   * instance, again by the same instance restarted on an empty disk, and again after a second instance joined
   * and took a task over. Each re-score is in a later idle period than the one before: none is repeated. (How
   * many periods pass during a restart or a move depends on this machine's speed; the stream-time tests pin
   * the exact periods.)
   */
  @Test
  void onTheWallClockARestartAndATaskMoveRepeatNoIdlePeriod() throws Exception {
    Topics topics = Topics.create("wall");
    int users = topics.idleUsers().size();
    long period = Duration.ofSeconds(30).toMillis();
    ScorerService first = startRunning(topics, "wall-1", "PT30S", "PT2S", "wall");
    ScorerService restarted = null;
    ScorerService joined = null;
    Instant last = Instant.ofEpochMilli(System.currentTimeMillis()).minusSeconds(25);
    try {
      BrokerClients.produce(broker, topics.events(), topics.idleUsers().stream()
          .map(user -> Events.purchase(user, user + "-0", last, 20)).toList());
      readIdleRescores(topics, users);
      first.close();
      restarted = startRunning(topics, "wall-2", "PT30S", "PT2S", "wall");
      readIdleRescores(topics, 2 * users);
      joined = startRunning(topics, "wall-3", "PT30S", "PT2S", "wall");
      ScorerService one = restarted;
      ScorerService two = joined;
      await("each instance holding one task", () -> activeTasks(one) == 1 && activeTasks(two) == 1);
      long before = restarted.metrics().idleRescores() + joined.metrics().idleRescores();
      Map<String, List<Instant>> idle = readIdleRescores(topics, (int) (users + before) + users);

      assertThat(idle.keySet()).containsExactlyElementsOf(topics.idleUsers().stream().sorted().toList());
      assertThat(idle.values()).as("each re-score in a later idle period than the one before").allSatisfy(times -> {
        List<Long> periods = times.stream().map(t -> (t.toEpochMilli() - last.toEpochMilli()) / period).toList();
        assertThat(periods).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates().isSorted().doesNotContain(0L);
      });
      assertThat(joined.metrics().idleRescores()).as("the joining instance re-scored its moved users").isPositive();
    } finally {
      for (ScorerService instance : new ScorerService[] {joined, restarted}) {
        if (instance != null) {
          instance.close();
        }
      }
      first.close();
    }
  }

  /** Day 0: every user's first event; days 29 and 30.5 on each partition's clock user move stream time on. */
  private static void goIdleUntilTheFirstPeriodIsRescored(Topics topics) throws Exception {
    List<EngineeredEvent> events = new ArrayList<>();
    topics.idleUsers().forEach(user -> events.add(Events.purchase(user, user + "-0", T0, 20)));
    for (double day : new double[] {0, 29, 30.5}) {
      topics.clockUsers().forEach(user -> events.add(Events.view(user, user + "-" + day, at(day))));
    }
    BrokerClients.produce(broker, topics.events(), events);
    Map<String, List<Instant>> idle = readIdleRescores(topics, topics.idleUsers().size());
    assertThat(idle.values()).allSatisfy(times -> assertThat(times).containsExactly(FIRST_PERIOD_SCAN));
  }

  /** Day 30.75 (the same idle period: nothing due), then day 61 (the second period). */
  private static void crossTheSecondPeriod(Topics topics) {
    for (double day : new double[] {30.75, 61}) {
      BrokerClients.produce(broker, topics.events(), topics.clockUsers().stream()
          .map(user -> Events.view(user, user + "-" + day, at(day))).toList());
    }
  }

  private static void assertEachIdleUserRescoredOncePerPeriod(Topics topics) throws Exception {
    Map<String, List<Instant>> idle = readIdleRescores(topics, 2 * topics.idleUsers().size());
    assertThat(idle.keySet()).as("only the idle users are idle").containsExactlyElementsOf(
        topics.idleUsers().stream().sorted().toList());
    assertThat(idle.values()).as("one re-score per idle period, at the scan's event time").allSatisfy(
        times -> assertThat(times).containsExactly(FIRST_PERIOD_SCAN, SECOND_PERIOD_SCAN));
  }

  private static long activeTasks(ScorerService instance) {
    return instance.streams().metadataForLocalThreads().stream().mapToLong(t -> t.activeTasks().size()).sum();
  }

  private static ScorerService startRunning(Topics topics, String disk) throws Exception {
    return startRunning(topics, disk, "P30D", "P1D", "stream");
  }

  private static ScorerService startRunning(Topics topics, String disk, String idleAfter, String scanInterval,
      String clock) throws Exception {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", broker.bootstrapServers());
    config.put("application.id", "ltv-idle-" + topics.name());
    config.put("state.dir", dir.resolve(disk).toString());
    config.put("commit.interval.ms", "100");
    config.put("num.stream.threads", "1");
    config.put("replication.factor", "1");
    config.put("scorer.topic.events", topics.events());
    config.put("scorer.topic.scores", topics.scores());
    config.put("scorer.topic.dlq", topics.name() + "-dlq");
    config.put("scorer.model.path", dir.resolve("model.zip").toString());
    config.put("scorer.idle.after", idleAfter);
    config.put("scorer.idle.scan.interval", scanInterval);
    config.put("scorer.idle.clock", clock);
    config.put("scorer.http.host", "127.0.0.1");
    config.put("scorer.http.port", "0");
    config.put("scorer.http.tokens", "reader:reader-token");
    ScorerService started = ScorerService.start(new ScorerSettings(ScorerConfig.of(config)));
    await("Kafka Streams RUNNING", () -> started.streams().state() == KafkaStreams.State.RUNNING);
    return started;
  }

  /**
   * The idle re-scores (scores without an event id) read with read_committed, per user, in order, once at
   * least {@code count} came and a few seconds passed for any extra one to show.
   */
  private static Map<String, List<Instant>> readIdleRescores(Topics topics, int count) throws Exception {
    var serde = LtvSerdes.ltvScore(LtvSchemaStore.standard());
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, List<Instant>> idle = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topics.scores()));
      long deadline = System.nanoTime() + BrokerClients.PATIENCE.toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          LtvScore score = serde.deserialize(record.topic(), record.value());
          if (score.getEventId() == null) {
            idle.computeIfAbsent(score.getUserId(), u -> new ArrayList<>()).add(score.getEventTime());
          }
        });
        if (settleUntil == Long.MAX_VALUE && idle.values().stream().mapToInt(List::size).sum() >= count) {
          settleUntil = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        }
      }
    }
    return idle;
  }

  /** One test's topics, with users chosen so that each partition has idle users and a clock user. */
  private record Topics(String name, List<String> idleUsers, List<String> clockUsers) {
    static Topics create(String name) throws Exception {
      try (Admin admin = broker.admin()) {
        admin.createTopics(List.of(new NewTopic(name + "-events", PARTITIONS, (short) 1),
            new NewTopic(name + "-scores", PARTITIONS, (short) 1),
            new NewTopic(name + "-dlq", 1, (short) 1))).all().get();
      }
      List<String> idle = new ArrayList<>();
      List<String> clocks = new ArrayList<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        idle.addAll(usersOn(partition, name + "-idle-", IDLE_USERS_PER_PARTITION));
        clocks.addAll(usersOn(partition, name + "-clock-", 1));
      }
      return new Topics(name, idle, clocks);
    }

    /** Keys the producer's default partitioner sends to {@code partition}. */
    private static List<String> usersOn(int partition, String prefix, int count) {
      List<String> users = new ArrayList<>();
      for (int i = 0; users.size() < count; i++) {
        byte[] key = (prefix + i).getBytes(StandardCharsets.UTF_8);
        if (Utils.toPositive(Utils.murmur2(key)) % PARTITIONS == partition) {
          users.add(prefix + i);
        }
      }
      return users;
    }

    String events() {
      return name + "-events";
    }

    String scores() {
      return name + "-scores";
    }
  }
}
