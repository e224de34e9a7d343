package io.ltvstream.bench;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.bench.BenchReport;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.schemas.kafka.LtvSerdes;
import io.ltvstream.scorer.service.ScorerConfig;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.scorer.service.ScorerSettings;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP API of one scorer instance under load: {@value #CLIENTS} clients, each asking for a
 * random scored user's value ({@code GET /v1/users/{id}/ltv}) as soon as its previous answer came
 * (closed loop), on the loopback interface. Every answer is computed from the stored state at
 * query time. Also counts the lines of {@code /metrics} on that running instance.
 */
final class HttpApiBench {
  static final int CLIENTS = 64;
  private static final int EVENTS = 20_000;
  private static final Duration WARMUP = Duration.ofSeconds(5);
  private static final Duration MEASURED = Duration.ofSeconds(20);
  /** Paced rates tried, as shares of the closed-loop rate, until p99 is below {@value #P99_BOUND_MS} ms. */
  private static final double[] PACED_SHARES = {0.8, 0.6, 0.4, 0.25, 0.1};
  static final double P99_BOUND_MS = 50;
  private static final Duration PACED_WARMUP = Duration.ofSeconds(2);
  private static final Duration PACED_MEASURED = Duration.ofSeconds(10);
  private static final String TOKEN = "bench-reader";
  private static final String METRICS_TOKEN = "bench-metrics";
  private final PrintStream out;

  HttpApiBench(PrintStream out) {
    this.out = out;
  }

  void run(EmbeddedKafka kafka, Path bundle, long seed, BenchReport.Http report) throws Exception {
    kafka.createTopics(4, "ltv-events", "ltv-scores", "ltv-dlq");
    Path state = Files.createTempDirectory("ltv-bench-http-state-");
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("application.id", "ltv-bench-http");
    config.put("state.dir", state.toString());
    config.put("replication.factor", "1");
    config.put("num.stream.threads", "1");
    config.put("scorer.model.path", bundle.toString());
    config.put("scorer.http.host", "127.0.0.1");
    config.put("scorer.http.port", "0");
    config.put("scorer.http.tokens", "reader:" + TOKEN + ",metrics:" + METRICS_TOKEN);
    try (ScorerService service = ScorerService.start(new ScorerSettings(ScorerConfig.of(config)))) {
      List<String> users = produce(kafka, seed);
      awaitScored(service);
      out.printf("%d events of %d users scored; %d clients for %d s after %d s of warm-up%n",
          EVENTS, users.size(), CLIENTS, MEASURED.toSeconds(), WARMUP.toSeconds());
      Load load = load(service.httpPort(), users, seed, 0, WARMUP, MEASURED);
      report.clients = CLIENTS;
      report.users = users.size();
      report.seconds = (double) MEASURED.toSeconds();
      report.requestsPerS = load.requests / (double) MEASURED.toSeconds();
      report.latencyMsP50 = load.percentileMs(0.50);
      report.latencyMsP99 = load.percentileMs(0.99);
      report.errors = load.errors;
      report.metricsLines = metricsLines(service.httpPort());
      out.printf("closed loop: %.0f requests/s, p50 %.2f ms, p99 %.2f ms, %d errors; /metrics: %d lines%n",
          report.requestsPerS, report.latencyMsP50, report.latencyMsP99, report.errors, report.metricsLines);
      // paced: the same clients at a fixed total rate, latency from each request's scheduled time
      for (double share : PACED_SHARES) {
        double rate = Math.max(1, Math.floor(report.requestsPerS * share));
        Load paced = load(service.httpPort(), users, seed, rate, PACED_WARMUP, PACED_MEASURED);
        double p99 = paced.percentileMs(0.99);
        out.printf("paced at %.0f requests/s: p50 %.2f ms, p99 %.2f ms, %d errors%n", rate, paced.percentileMs(0.50),
            p99, paced.errors);
        if (p99 < P99_BOUND_MS && paced.errors == 0) {
          report.pacedRequestsPerS = rate;
          report.pacedLatencyMsP99 = p99;
          break;
        }
      }
    }
  }

  /** Produces the shop's first events; returns the users they belong to. */
  private static List<String> produce(EmbeddedKafka kafka, long seed) {
    var codec = LtvSerdes.engineeredEvent(LtvSchemaStore.standard());
    LinkedHashSet<String> users = new LinkedHashSet<>();
    Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 5);
    try (KafkaProducer<String, byte[]> producer =
             new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      Iterator<EngineeredEvent> events = SyntheticInput.events(EVENTS, seed, LocalDate.now().minusDays(400));
      while (events.hasNext()) {
        EngineeredEvent event = events.next();
        users.add(event.getUserId());
        producer.send(new ProducerRecord<>("ltv-events", event.getUserId(), codec.serialize("ltv-events", event)));
      }
    }
    return new ArrayList<>(users);
  }

  private static void awaitScored(ScorerService service) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (accounted(service) < EVENTS) {
      if (System.nanoTime() > deadline || service.streams().state() == KafkaStreams.State.ERROR) {
        throw new IllegalStateException("only " + accounted(service) + " of " + EVENTS + " events scored");
      }
      Thread.sleep(200);
    }
  }

  private static long accounted(ScorerService service) {
    return service.metrics().scores() + service.metrics().duplicates()
        + service.metrics().deadLetters().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Latencies of the measured window, in nanoseconds, and the answers that were not 200. */
  private record Load(long requests, long[] nanos, long errors) {
    double percentileMs(double p) {
      return nanos.length == 0 ? Double.NaN : nanos[(int) Math.min(nanos.length - 1, Math.ceil(p * nanos.length) - 1)] / 1e6;
    }
  }

  /**
   * {@value #CLIENTS} clients for {@code warmup} and then {@code measured}: closed loop when {@code
   * rate} is 0, else each sends at fixed times for {@code rate} requests/s in all and a latency
   * counts from the scheduled time, so a client that falls behind shows the wait.
   */
  private static Load load(int port, List<String> users, long seed, double rate, Duration warmup, Duration measured)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measured.toNanos();
    long interval = rate > 0 ? (long) (CLIENTS * 1e9 / rate) : 0;
    List<long[]> perClient = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    int[] counts = new int[CLIENTS];
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      long[] latencies = new long[1 << 20];
      perClient.add(latencies);
      int client = c;
      SplittableRandom random = new SplittableRandom(seed + c);
      clients.add(Thread.ofPlatform().name("bench-http-" + c).start(() -> {
        long next = start + interval * client / CLIENTS;
        while (true) {
          String user = users.get(random.nextInt(users.size()));
          HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/users/"
                  + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20") + "/ltv"))
              .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build();
          long sent = System.nanoTime();
          if (interval > 0) {
            if (next > sent) {
              LockSupport.parkNanos(next - sent);
            }
            sent = next;
            next += interval;
          }
          if (sent >= end) {
            return;
          }
          int status;
          try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          } catch (Exception e) {
            status = -1;
          }
          long done = System.nanoTime();
          if (sent >= measureFrom && done <= end) {
            if (status != 200) {
              errors.incrementAndGet();
            }
            if (counts[client] < latencies.length) {
              latencies[counts[client]++] = done - sent;
            }
          }
        }
      }));
    }
    for (Thread client : clients) {
      client.join();
    }
    http.close();
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < CLIENTS; c++) {
      System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    return new Load(total, all, errors.get());
  }

  private static int metricsLines(int port) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .header("Authorization", "Bearer " + METRICS_TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
      return (int) body.lines().count();
    }
  }
}
