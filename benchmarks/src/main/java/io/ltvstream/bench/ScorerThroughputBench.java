package io.ltvstream.bench;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.bench.BenchReport;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.scorer.topology.TopologySettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The scorer against a pass-through topology and a stateful reference (Kafka's own cost of one
 * per-user read-modify-write, no model), and against itself joining every event with its user's
 * profile (a KTable on a co-partitioned profiles topic): same embedded broker, same preloaded input, all under
 * exactly_once_v2, each measured after its own warm-up pass, in {@link #ROUNDS} rounds. Then the scorer's latency under a steady
 * load well below its throughput, at the default and at a longer commit interval: from a record's
 * send to its score being readable with read_committed (so it includes the commit interval, as a
 * consumer of ltv-scores sees it).
 */
final class ScorerThroughputBench {
  static final int PARTITIONS = 4;
  /** One profile per user of the synthetic shop, preloaded before any pass. */
  static final String PROFILES_TOPIC = "bench-profiles";
  /** The scorer's default (config/scorer.properties), which is Kafka's own under exactly_once_v2. */
  static final int DEFAULT_COMMIT_INTERVAL_MS = 100;
  static final int LONG_COMMIT_INTERVAL_MS = 1_000;
  private static final LocalDate HISTORY_START = LocalDate.of(2024, 1, 1);
  private static final Duration PASS_TIMEOUT = Duration.ofMinutes(20);
  private static final int LATENCY_SECONDS = 10;
  /**
   * Rounds of the three measured passes. The machines are shared: one pass can run while another
   * job takes the cores, so the ratios are medians of ratios within a round, passes close in time.
   */
  static final int ROUNDS = 3;
  private static final int PASS_THROUGH = 0;
  private static final int REFERENCE = 1;
  private static final int SCORER = 2;
  private static final int SCORER_WITH_PROFILES = 3;

  private final EmbeddedKafka kafka;
  private final PrintStream out;
  private final AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
  private final AvroMessageCodec<UserProfile> profileCodec = AvroMessageCodec.of(UserProfile.class);

  ScorerThroughputBench(EmbeddedKafka kafka, PrintStream out) {
    this.kafka = kafka;
    this.out = out;
  }

  void run(int events, int warmupEvents, long seed, CandidateTopology scorer, CandidateTopology scorerWithProfiles,
           BenchReport.Scorer figures, BenchReport.State state) throws Exception {
    kafka.createTopics(PARTITIONS, "bench-warmup-events", "bench-events", PROFILES_TOPIC);
    out.printf("scorer: loading %,d warm-up and %,d measured events into the embedded broker...%n", warmupEvents, events);
    preload("bench-warmup-events", SyntheticInput.events(warmupEvents, seed + 1, HISTORY_START));
    preload("bench-events", SyntheticInput.events(events, seed, HISTORY_START));
    preloadProfiles(SyntheticInput.profiles(warmupEvents, seed + 1, HISTORY_START),
        SyntheticInput.profiles(events, seed, HISTORY_START));

    List<CandidateTopology> candidates = List.of(PassThroughTopology.candidate(),
        StatefulReferenceTopology.candidate(), scorer, scorerWithProfiles);
    double[][] rates = new double[ROUNDS][candidates.size()];
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < candidates.size(); k++) {
        int c = (round + k) % candidates.size(); // no topology always runs first, or last
        rates[round][c] = throughput(candidates.get(c), events, warmupEvents, round);
      }
      out.printf("  round %d: scorer / pass-through %.2f, scorer / stateful reference %.2f, with profiles / without %.2f%n",
          round + 1, rates[round][SCORER] / rates[round][PASS_THROUGH], rates[round][SCORER] / rates[round][REFERENCE],
          rates[round][SCORER_WITH_PROFILES] / rates[round][SCORER]);
    }
    figures.passthroughEventsPerS = median(rates, r -> r[PASS_THROUGH]);
    figures.statefulReferenceEventsPerS = median(rates, r -> r[REFERENCE]);
    figures.eventsPerS = median(rates, r -> r[SCORER]);
    figures.ratio = median(rates, r -> r[SCORER] / r[PASS_THROUGH]);
    figures.ratioVsStateful = median(rates, r -> r[SCORER] / r[REFERENCE]);
    figures.profileJoinEventsPerS = median(rates, r -> r[SCORER_WITH_PROFILES]);
    figures.ratioProfileJoin = median(rates, r -> r[SCORER_WITH_PROFILES] / r[SCORER]);
    out.printf("  median of %d rounds: scorer / pass-through %.2f, scorer / stateful reference %.2f, "
        + "with profiles / without %.2f%n", ROUNDS, figures.ratio, figures.ratioVsStateful, figures.ratioProfileJoin);
    stateBytesPerUser(scorer, state);

    int perSecond = (int) Math.max(100, Math.min(2_000, figures.eventsPerS / 4));
    figures.latencyEventsPerS = perSecond;
    figures.commitIntervalMs = DEFAULT_COMMIT_INTERVAL_MS;
    long[] floor = latencyNanos(candidates.get(PASS_THROUGH), "bench-passthrough-latency", "bench-latency-events",
        DEFAULT_COMMIT_INTERVAL_MS, perSecond, seed, 1);
    figures.passthroughLatencyMsP50 = percentileMs(floor, 0.50);
    figures.passthroughLatencyMsP99 = percentileMs(floor, 0.99);
    long[] atDefault = latencyNanos(scorer, DEFAULT_COMMIT_INTERVAL_MS, perSecond, seed, 1);
    figures.latencyMsP50 = percentileMs(atDefault, 0.50);
    figures.latencyMsP99 = percentileMs(atDefault, 0.99);
    figures.longCommitIntervalMs = LONG_COMMIT_INTERVAL_MS;
    long[] atLong = latencyNanos(scorer, LONG_COMMIT_INTERVAL_MS, perSecond, seed, 2);
    figures.longCommitLatencyMsP50 = percentileMs(atLong, 0.50);
    figures.longCommitLatencyMsP99 = percentileMs(atLong, 0.99);
  }

  /**
   * What the measured pass left per user in every store of the candidate, read from the stores'
   * changelogs (last record per key, key plus value): the total over distinct users, and each
   * store's share of it in {@code state.byStore}.
   */
  private void stateBytesPerUser(CandidateTopology candidate, BenchReport.State state) {
    String applicationId = "bench-" + candidate.name();
    Set<String> users = new HashSet<>();
    Map<String, Long> bytesByStore = new TreeMap<>();
    for (String store : storeNames(candidate)) {
      Map<String, Integer> latest = latestRecordBytes(applicationId + "-" + store + "-changelog");
      if (store.equals(TopologySettings.USER_STATE_STORE)) {
        users.addAll(latest.keySet()); // the other stores are keyed per task or window, not per user
      }
      bytesByStore.put(store, latest.values().stream().mapToLong(Integer::longValue).sum());
    }
    if (users.isEmpty()) {
      out.println("  state: no changelog record found");
      return;
    }
    bytesByStore.forEach((store, bytes) -> state.byStore.put(store, (double) bytes / users.size()));
    state.bytesPerUser = bytesByStore.values().stream().mapToLong(Long::longValue).sum() / (double) users.size();
    out.printf("  state: %.0f bytes per user, key plus value, all stores (%,d users): %s%n",
        state.bytesPerUser, users.size(), state.byStore);
  }

  private static Set<String> storeNames(CandidateTopology candidate) {
    Set<String> stores = new TreeSet<>();
    for (TopologyDescription.Subtopology subtopology : candidate.build().apply("in", "out").describe().subtopologies()) {
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Processor processor) {
          stores.addAll(processor.stores());
        }
      }
    }
    return stores;
  }

  /** Bytes of key plus value of the latest record per key of a changelog topic (tombstones drop the key). */
  private Map<String, Integer> latestRecordBytes(String topic) {
    Map<String, Integer> latest = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = TopologyRun.committedReader(kafka)) {
      consumer.subscribe(List.of(topic));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          quietSince = System.nanoTime();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          String key = new String(record.key(), StandardCharsets.UTF_8);
          if (record.value() == null) {
            latest.remove(key);
          } else {
            latest.put(key, record.key().length + record.value().length);
          }
        }
      }
    }
    return latest;
  }

  private static double median(double[][] rates, ToDoubleFunction<double[]> figure) {
    double[] values = Arrays.stream(rates).mapToDouble(figure).sorted().toArray();
    return values[values.length / 2];
  }

  /**
   * One measured pass of {@code candidate} over the preloaded events, from an empty state (each
   * round is an application of its own); the first round is preceded by a warm-up pass. Round 0's
   * application is the one the state and latency figures read.
   */
  private double throughput(CandidateTopology candidate, int events, int warmupEvents, int round) throws Exception {
    String suffix = round == 0 ? "" : "-r" + (round + 1);
    String output = candidate.name() + "-out" + suffix;
    kafka.createTopics(PARTITIONS, output);
    if (round == 0) {
      kafka.createTopics(PARTITIONS, candidate.name() + "-warmup-out");
      try (TopologyRun warmup = TopologyRun.start(kafka, "bench-" + candidate.name() + "-warmup",
          "bench-warmup-events", candidate.name() + "-warmup-out", candidate.build(), candidate.settings())) {
        double seconds = TopologyRun.secondsUntilCommitted(kafka, candidate.name() + "-warmup-out", warmupEvents, PASS_TIMEOUT);
        out.printf("  %-12s warm-up: %,d events in %.1f s%n", candidate.name(), warmupEvents, seconds);
      }
    }
    try (TopologyRun run = TopologyRun.start(kafka, "bench-" + candidate.name() + suffix,
        "bench-events", output, candidate.build(), candidate.settings())) {
      double seconds = TopologyRun.secondsUntilCommitted(kafka, output, events, PASS_TIMEOUT);
      double rate = events / seconds;
      out.printf("  %-12s measured: %,d events in %.1f s = %,.0f events/s (exactly_once_v2)%n",
          candidate.name(), events, seconds, rate);
      return rate;
    }
  }

  /**
   * Restarts the measured application (caught up, its state restored from the changelog) with this
   * commit interval and sends it {@code perSecond} new events for {@link #LATENCY_SECONDS}: the sorted
   * send-to-readable latencies of the scores that came back.
   *
   * @param phase which paced load this is (1, 2, ...): each is a later year of the same users, so
   *     every event is in order for its user, with event ids of its own, so none is a duplicate
   */
  private long[] latencyNanos(CandidateTopology candidate, int commitIntervalMs, int perSecond, long seed,
                              int phase) throws Exception {
    return latencyNanos(candidate, "bench-" + candidate.name(), "bench-events", commitIntervalMs, perSecond, seed, phase);
  }

  /**
   * The same, for the application {@code applicationId} reading {@code input}: a fresh application on
   * a topic of its own measures Kafka's latency floor (the pass-through) with no backlog to catch up.
   */
  private long[] latencyNanos(CandidateTopology candidate, String applicationId, String input, int commitIntervalMs,
                              int perSecond, long seed, int phase) throws Exception {
    kafka.createTopics(PARTITIONS, input);
    int total = perSecond * LATENCY_SECONDS;
    Iterator<EngineeredEvent> later = SyntheticInput.events(total, seed, HISTORY_START.plusYears(phase));
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> latenciesNanos = new ArrayList<>();
    String output = candidate.name() + "-out";
    Map<String, Object> settings = new HashMap<>(candidate.settings());
    settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    try (TopologyRun run = TopologyRun.start(kafka, applicationId, input, output, candidate.build(), settings);
         KafkaConsumer<byte[], byte[]> consumer = TopologyRun.committedReader(kafka);
         KafkaProducer<byte[], byte[]> producer = producer(0)) {
      List<TopicPartition> partitions = consumer.partitionsFor(output).stream()
          .map(p -> new TopicPartition(output, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end offsets before anything is sent
      long start = System.nanoTime();
      int sent = 0;
      long deadline = start + Duration.ofSeconds(LATENCY_SECONDS + 60).toNanos();
      while ((sent < total || latenciesNanos.size() < sent) && System.nanoTime() < deadline) {
        long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
        while (sent < total && sent < due && later.hasNext()) {
          EngineeredEvent event = later.next();
          event.setEventId("paced-" + phase + "-" + event.getEventId());
          sentAt.put(event.getEventId(), System.nanoTime());
          producer.send(new ProducerRecord<>(input, key(event), codec.encode(event)));
          sent++;
        }
        for (ConsumerRecord<byte[], byte[]> record : TopologyRun.poll(consumer)) {
          long now = System.nanoTime();
          Long sentNanos = sentAt.remove(candidate.eventIdOfOutput().apply(record.value()));
          if (sentNanos != null) {
            latenciesNanos.add(now - sentNanos);
          }
        }
      }
    }
    long[] sorted = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      out.printf("  %-12s latency at commit.interval.ms=%d: no score arrived for the paced events%n",
          candidate.name(), commitIntervalMs);
    } else {
      out.printf("  %-12s latency at %,d events/s over %d s, commit.interval.ms=%d (%,d scores): p50 %.1f ms, p99 %.1f ms%n",
          candidate.name(), perSecond, LATENCY_SECONDS, commitIntervalMs, sorted.length,
          percentileMs(sorted, 0.50), percentileMs(sorted, 0.99));
    }
    return sorted;
  }

  /** The q-quantile of sorted nanoseconds in milliseconds, or null when there are none. */
  private static Double percentileMs(long[] sorted, double q) {
    return sorted.length == 0 ? null : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }

  private void preload(String topic, Iterator<EngineeredEvent> events) {
    long start = System.nanoTime();
    long count = 0;
    try (KafkaProducer<byte[], byte[]> producer = producer(20)) {
      while (events.hasNext()) {
        EngineeredEvent event = events.next();
        producer.send(new ProducerRecord<>(topic, key(event), codec.encode(event)));
        count++;
      }
      producer.flush();
    }
    out.printf("  %s: %,d events in %.1f s%n", topic, count, (System.nanoTime() - start) / 1e9);
  }

  /** Every user's profile, of both shops (warm-up and measured), into {@link #PROFILES_TOPIC}. */
  private void preloadProfiles(List<UserProfile> warmup, List<UserProfile> measured) {
    try (KafkaProducer<byte[], byte[]> producer = producer(20)) {
      for (List<UserProfile> profiles : List.of(warmup, measured)) {
        for (UserProfile profile : profiles) {
          producer.send(new ProducerRecord<>(PROFILES_TOPIC, profile.getUserId().getBytes(StandardCharsets.UTF_8),
              profileCodec.encode(profile)));
        }
      }
      producer.flush();
    }
    out.printf("  %s: %,d profiles%n", PROFILES_TOPIC, warmup.size() + measured.size());
  }

  private static byte[] key(EngineeredEvent event) {
    return event.getUserId().getBytes(StandardCharsets.UTF_8);
  }

  private KafkaProducer<byte[], byte[]> producer(int lingerMs) {
    return new KafkaProducer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(),
        "acks", "all",
        "enable.idempotence", true,
        "linger.ms", lingerMs,
        "batch.size", 262_144,
        "key.serializer", ByteArraySerializer.class,
        "value.serializer", ByteArraySerializer.class));
  }

}
