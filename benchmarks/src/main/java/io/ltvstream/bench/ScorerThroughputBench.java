package io.ltvstream.bench;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.bench.BenchReport;
import io.ltvstream.schemas.AvroMessageCodec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The scorer against a pass-through topology: same embedded broker, same preloaded input, both
 * under exactly_once_v2, each measured after its own warm-up pass. Then the scorer's latency under a
 * steady load well below its throughput: from a record's send to its score being readable with
 * read_committed (so it includes the EOS commit interval, as a consumer of ltv-scores sees it).
 */
final class ScorerThroughputBench {
  static final int PARTITIONS = 4;
  private static final LocalDate HISTORY_START = LocalDate.of(2024, 1, 1);
  private static final Duration PASS_TIMEOUT = Duration.ofMinutes(20);
  private static final int LATENCY_SECONDS = 10;

  private final EmbeddedKafka kafka;
  private final PrintStream out;
  private final AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);

  ScorerThroughputBench(EmbeddedKafka kafka, PrintStream out) {
    this.kafka = kafka;
    this.out = out;
  }

  void run(int events, int warmupEvents, long seed, CandidateTopology scorer, BenchReport.Scorer figures,
           BenchReport.State state) throws Exception {
    kafka.createTopics(PARTITIONS, "bench-warmup-events", "bench-events");
    out.printf("scorer: loading %,d warm-up and %,d measured events into the embedded broker...%n", warmupEvents, events);
    preload("bench-warmup-events", SyntheticInput.events(warmupEvents, seed + 1, HISTORY_START));
    preload("bench-events", SyntheticInput.events(events, seed, HISTORY_START));

    figures.passthroughEventsPerS = throughput(PassThroughTopology.candidate(), events, warmupEvents, seed, null);
    figures.eventsPerS = throughput(scorer, events, warmupEvents, seed, figures);
    figures.ratio = BenchReport.ratio(figures.eventsPerS, figures.passthroughEventsPerS);
    state.bytesPerUser = stateBytesPerUser("bench-" + scorer.name());
  }

  /**
   * The mean size of a user's entry in the scorer's stores after the measured pass, read from their
   * changelogs (last value per user): user-state is the per-user state the contract budgets;
   * user-recent (the step vectors kept to rebuild a user for a new model) is printed beside it.
   */
  private Double stateBytesPerUser(String applicationId) {
    double[] userState = meanLatestValueBytes(applicationId + "-user-state-changelog");
    double[] recent = meanLatestValueBytes(applicationId + "-user-recent-changelog");
    out.printf("  state: user-state %.0f bytes per user (%,.0f users); user-recent %.0f bytes per user%n",
        userState[0], userState[1], recent[0]);
    return userState[1] == 0 ? null : userState[0];
  }

  /** {mean bytes of key + value of the latest record per key, keys} of a changelog topic. */
  private double[] meanLatestValueBytes(String topic) {
    Map<String, Integer> latest = new java.util.HashMap<>();
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
    return new double[] {latest.values().stream().mapToInt(Integer::intValue).average().orElse(0), latest.size()};
  }

  /** @param latency where to put the latency figures, or null to skip the latency phase */
  private double throughput(CandidateTopology candidate, int events, int warmupEvents, long seed,
                            BenchReport.Scorer latency)
      throws Exception {
    kafka.createTopics(PARTITIONS, candidate.name() + "-warmup-out", candidate.name() + "-out");
    try (TopologyRun warmup = TopologyRun.start(kafka, "bench-" + candidate.name() + "-warmup",
        "bench-warmup-events", candidate.name() + "-warmup-out", candidate.build(), candidate.settings())) {
      double seconds = TopologyRun.secondsUntilCommitted(kafka, candidate.name() + "-warmup-out", warmupEvents, PASS_TIMEOUT);
      out.printf("  %-12s warm-up: %,d events in %.1f s%n", candidate.name(), warmupEvents, seconds);
    }
    try (TopologyRun run = TopologyRun.start(kafka, "bench-" + candidate.name(),
        "bench-events", candidate.name() + "-out", candidate.build(), candidate.settings())) {
      double seconds = TopologyRun.secondsUntilCommitted(kafka, candidate.name() + "-out", events, PASS_TIMEOUT);
      double rate = events / seconds;
      out.printf("  %-12s measured: %,d events in %.1f s = %,.0f events/s (exactly_once_v2)%n",
          candidate.name(), events, seconds, rate);
      if (latency != null && candidate.eventIdOfOutput() != null) {
        latency(candidate, rate, seed, latency);
      }
      return rate;
    }
  }

  /** Steady load at a quarter of the measured rate (at most 2,000/s) on the running app. */
  private void latency(CandidateTopology candidate, double rate, long seed, BenchReport.Scorer latencyTarget)
      throws Exception {
    int perSecond = (int) Math.max(100, Math.min(2_000, rate / 4));
    int total = perSecond * LATENCY_SECONDS;
    // a later year of the same users, so every event is in order for its user
    Iterator<EngineeredEvent> later = SyntheticInput.events(total, seed, HISTORY_START.plusYears(1));
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> latenciesNanos = new ArrayList<>();
    String output = candidate.name() + "-out";
    try (KafkaConsumer<byte[], byte[]> consumer = TopologyRun.committedReader(kafka);
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
          sentAt.put(event.getEventId(), System.nanoTime());
          producer.send(new ProducerRecord<>("bench-events", key(event), codec.encode(event)));
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
      out.println("  latency: no score arrived for the paced events");
      return;
    }
    latencyTarget.latencyMsP50 = percentile(sorted, 0.50) / 1e6;
    latencyTarget.latencyMsP99 = percentile(sorted, 0.99) / 1e6;
    out.printf("  %-12s latency at %,d events/s over %d s (%,d scores): p50 %.1f ms, p99 %.1f ms%n",
        candidate.name(), perSecond, LATENCY_SECONDS, sorted.length, latencyTarget.latencyMsP50,
        latencyTarget.latencyMsP99);
  }

  private static double percentile(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
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
