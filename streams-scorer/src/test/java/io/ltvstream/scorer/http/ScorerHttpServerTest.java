package io.ltvstream.scorer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.scorer.monitoring.ClosedWindow;
import io.ltvstream.scorer.topology.ScorerMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API over a real socket. The score lookup here answers from a fixed table: the
 * interactive-query lookup against a running Kafka Streams app is covered by ScorerServiceIT.
 */
class ScorerHttpServerTest {
  private final FixedStatus status = new FixedStatus();
  private final ScorerMetrics metrics = new ScorerMetrics();
  private final HttpClient client = HttpClient.newHttpClient();
  private ScorerHttpServer server;
  private ScorerHttpServer owner;
  private Long lastAt;

  @BeforeEach
  void start() throws Exception {
    owner = ScorerHttpServer.start(settings(HttpSettings.Forwarding.PROXY), (user, at) -> {
      lastAt = at;
      return user.equals("remote user") ? new ScoreLookup.Local("{\"user_id\":\"remote user\"}")
          : new ScoreLookup.NotFound();
    }, status(), metrics);
    server = ScorerHttpServer.start(settings(HttpSettings.Forwarding.PROXY), (user, at) -> switch (user) {
      case "u1" -> new ScoreLookup.Local("{\"user_id\":\"u1\",\"expected_value\":12.5}");
      case "remote user" -> new ScoreLookup.Remote("localhost", owner.port());
      case "a+b", "a b" -> new ScoreLookup.Local("{\"user_id\":\"" + user + "\"}");
      default -> new ScoreLookup.NotFound();
    }, status(), metrics);
  }

  @AfterEach
  void stop() {
    server.close();
    owner.close();
  }

  private static HttpSettings settings(HttpSettings.Forwarding forwarding) {
    return new HttpSettings(new InetSocketAddress("127.0.0.1", 0), null,
        BearerTokens.parse("reader:read-token, metrics:metrics-token, admin:admin-token"),
        forwarding, null, Duration.ofSeconds(5), HttpSettings.DEFAULT_MAX_IN_FLIGHT);
  }

  private ServiceStatus status() {
    return status;
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aUserQueryWithoutAValidTokenIs401AndWithTheWrongRoleIs403() throws Exception {
    HttpResponse<String> none = get("/v1/users/u1/ltv", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(none.body()).doesNotContain("expected_value");
    assertThat(get("/v1/users/u1/ltv", "guessed-token").statusCode()).isEqualTo(401);
    assertThat(get("/v1/users/u1/ltv", "metrics-token").statusCode()).isEqualTo(403);
    assertThat(get("/metrics", "read-token").statusCode()).isEqualTo(403);
    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aReaderGetsTheScoreAndUnknownUsersAre404() throws Exception {
    HttpResponse<String> ok = get("/v1/users/u1/ltv", "read-token");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"expected_value\":12.5");
    assertThat(get("/v1/users/u1/ltv", "admin-token").statusCode()).isEqualTo(200);
    assertThat(get("/v1/users/nobody/ltv", "read-token").statusCode()).isEqualTo(404);
    assertThat(get("/v1/users/u1/ltv?at=yesterday", "read-token").statusCode()).isEqualTo(400);
  }

  @Test
  void aUserOwnedByAnotherInstanceIsFetchedFromItWithTheTimeParameter() throws Exception {
    HttpResponse<String> forwarded = get("/v1/users/remote%20user/ltv?at=1997-09-30T00:00:00Z", "read-token");
    assertThat(forwarded.statusCode()).isEqualTo(200);
    assertThat(forwarded.body()).contains("remote user");
    assertThat(lastAt).isEqualTo(875577600000L);
  }

  @Test
  void anExplanationIsAskedOfTheLookupAndForwardedToTheOwnersExplainPath() throws Exception {
    ScoreLookup explaining = new ScoreLookup() {
      @Override
      public Result find(String user, Long at) {
        return new Local("{\"score\":true}");
      }

      @Override
      public Result explain(String user, Long at) {
        return user.equals("far") ? new Remote("owner.example", 8443) : new Local("{\"shares\":{\"history\":1.0}}");
      }
    };
    ScorerHttpServer redirecting = ScorerHttpServer.start(settings(HttpSettings.Forwarding.REDIRECT), explaining,
        status(), metrics);
    try {
      HttpResponse<String> local = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + redirecting.port() + "/v1/users/u1/ltv/explain"))
          .header("Authorization", "Bearer read-token").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(local.statusCode()).isEqualTo(200);
      assertThat(local.body()).contains("shares");
      HttpResponse<String> remote = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + redirecting.port() + "/v1/users/far/ltv/explain?at=5"))
          .header("Authorization", "Bearer read-token").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(remote.statusCode()).isEqualTo(307);
      assertThat(remote.headers().firstValue("Location")).contains("http://owner.example:8443/v1/users/far/ltv/explain?at=5");
    } finally {
      redirecting.close();
    }
    assertThat(get("/v1/users/u1/ltv/explain", "metrics-token").statusCode()).isEqualTo(403);
  }

  @Test
  void aRedirectingInstanceAnswers307WithTheOwnersUrl() throws Exception {
    ScorerHttpServer redirecting = ScorerHttpServer.start(settings(HttpSettings.Forwarding.REDIRECT),
        (user, at) -> new ScoreLookup.Remote("owner.example", 8443), status(), metrics);
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + redirecting.port() + "/v1/users/u9/ltv"))
          .header("Authorization", "Bearer read-token").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(307);
      assertThat(response.headers().firstValue("Location")).contains("http://owner.example:8443/v1/users/u9/ltv");
    } finally {
      redirecting.close();
    }
  }

  @Test
  void healthIsOpenAndReadyOnlyWhenRunning() throws Exception {
    assertThat(get("/health", null).statusCode()).isEqualTo(503);
    assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
    status.running.set(true);
    HttpResponse<String> ready = get("/health", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("RUNNING");
  }

  @Test
  void metricsArePrometheusTextWithScoresDeadLettersLatencyModelAndStores() throws Exception {
    metrics.scored(40_000);
    metrics.scored(2_000_000);
    metrics.deadLetter("corrupt");
    HttpResponse<String> response = get("/metrics", "metrics-token");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body())
        .contains("ltv_scores_total 2\n")
        .contains("# TYPE ltv_scores_per_second gauge")
        .contains("ltv_dlq_records_total{reason=\"corrupt\"} 1\n")
        .contains("ltv_score_latency_seconds_bucket{le=\"5.0E-5\"} 1\n")
        .contains("ltv_score_latency_seconds_bucket{le=\"+Inf\"} 2\n")
        .contains("ltv_score_latency_seconds_count 2\n")
        .contains("ltv_model_info{version=\"lstm-0123456789ab\"} 1\n")
        .contains("ltv_state_store_entries{store=\"user-state\"} 42\n");
  }

  @Test
  void aPlusInAUserIdStaysAPlusAndOnlyPercentEscapesAreDecoded() throws Exception {
    assertThat(get("/v1/users/a+b/ltv", "read-token").body()).isEqualTo("{\"user_id\":\"a+b\"}");
    assertThat(get("/v1/users/a%2Bb/ltv", "read-token").body()).isEqualTo("{\"user_id\":\"a+b\"}");
    assertThat(get("/v1/users/a%20b/ltv", "read-token").body()).isEqualTo("{\"user_id\":\"a b\"}");
  }

  @Test
  void aProblemThatNeedsARestartTurnsBothHealthChecksRedAndSaysWhy() throws Exception {
    status.running.set(true);
    status.problems.add("model-topic stopped: java.lang.OutOfMemoryError: Java heap space");
    for (String path : new String[] {"/health", "/health/live"}) {
      HttpResponse<String> health = get(path, null);
      assertThat(health.statusCode()).as(path).isEqualTo(503);
      assertThat(health.body()).contains("model-topic stopped", "OutOfMemoryError");
    }
    assertThat(get("/metrics", "metrics-token").body()).contains("ltv_service_problems 1\n",
        "ltv_worker_up{worker=\"model-directory\"} 0\n");
  }

  @Test
  void everyDeadLetterCounterAndTheJvmBasicsAreExportedFromTheStart() throws Exception {
    String body = get("/metrics", "metrics-token").body();
    for (String reason : new String[] {"corrupt", "truncated", "unknown-schema", "wrong-record-type",
        "late-beyond-grace", "missing-user-id", "feature-spec-mismatch", "unscorable", "undecodable", "unproducible"}) {
      assertThat(body).contains("ltv_dlq_records_total{reason=\"" + reason + "\"} 0\n");
    }
    assertThat(body).containsPattern("jvm_memory_used_bytes\\{area=\"heap\"} [1-9]\\d*\n")
        .containsPattern("jvm_threads_live [1-9]\\d*\n").contains("# TYPE jvm_gc_collections_total counter");
  }

  @Test
  void theJvmsPoolsClassesThreadsAndTheProcesssCpuAndFilesAreExported() throws Exception {
    String body = get("/metrics", "metrics-token").body();
    assertThat(body).containsPattern("jvm_memory_pool_used_bytes\\{pool=\"[^\"]+\"} \\d+\n")
        .containsPattern("jvm_buffer_memory_used_bytes\\{pool=\"direct\"} \\d+\n")
        .containsPattern("jvm_classes_loaded [1-9]\\d*\n")
        .containsPattern("jvm_threads_daemon \\d+\n").containsPattern("jvm_threads_peak [1-9]\\d*\n")
        .containsPattern("process_cpu_seconds_total [0-9.eE-]+\n").contains("# TYPE process_cpu_seconds_total counter")
        .containsPattern("process_start_time_seconds 1[0-9.eE]+\n")
        .containsPattern("process_open_fds [1-9]\\d*\n").containsPattern("process_max_fds [1-9]\\d*\n");
    for (String counter : new String[] {"ltv_scores_total", "ltv_idle_rescores_total", "ltv_late_within_grace_total",
        "ltv_users_rebuilt_total", "ltv_duplicates_total", "ltv_stream_thread_replacements_total"}) {
      assertThat(body).as("%s exists before its first increment", counter).contains("\n" + counter + " 0\n");
    }
  }

  @Test
  void queriesBeyondTheInFlightLimitGet503WithRetryAfterAndHealthStillAnswers() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScorerHttpServer narrow = ScorerHttpServer.start(new HttpSettings(new InetSocketAddress("127.0.0.1", 0), null,
        BearerTokens.parse("reader:read-token"), HttpSettings.Forwarding.PROXY, null, Duration.ofSeconds(5), 1),
        (user, at) -> {
          entered.countDown();
          awaitUninterruptibly(release);
          return new ScoreLookup.Local("{}");
        }, status(), metrics);
    try {
      var first = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + narrow.port() + "/v1/users/u/ltv"))
          .header("Authorization", "Bearer read-token").build(), HttpResponse.BodyHandlers.ofString());
      entered.await();
      HttpResponse<String> second = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + narrow.port() + "/v1/users/v/ltv"))
          .header("Authorization", "Bearer read-token").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.headers().firstValue("Retry-After")).contains("1");
      assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + narrow.port() + "/health/live"))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      release.countDown();
      assertThat(first.get().statusCode()).isEqualTo(200);
    } finally {
      release.countDown();
      narrow.close();
    }
  }

  @Test
  void aQueryForAUserOfAStoppedOwnerIsAnswered503WithRetryAfterWhileItsUsersMove() throws Exception {
    int stoppedPort;
    try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      stoppedPort = gone.getLocalPort(); // closed below: nothing listens there, a connect is refused
    }
    ScorerHttpServer front = ScorerHttpServer.start(settings(HttpSettings.Forwarding.PROXY),
        (user, at) -> new ScoreLookup.Remote("127.0.0.1", stoppedPort), status(), metrics);
    try {
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port()
          + "/v1/users/u3/ltv")).header("Authorization", "Bearer read-token").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).contains("1");
      assertThat(answer.body()).contains("unreachable");
    } finally {
      front.close();
    }
  }

  @Test
  void manyProxiedQueriesWaitForTheirOwnerAtOnceAndTheOwnersRetryAfterIsPassedOn() throws Exception {
    int concurrent = 32; // far beyond the old fixed pool of 4 threads
    CountDownLatch allWaiting = new CountDownLatch(concurrent);
    ScorerHttpServer slowOwner = ScorerHttpServer.start(settings(HttpSettings.Forwarding.PROXY), (user, at) -> {
      allWaiting.countDown();
      awaitUninterruptibly(allWaiting); // answers only once every query is in flight at once
      return user.equals("moving") ? new ScoreLookup.Unavailable("restoring") : new ScoreLookup.Local("{\"ok\":1}");
    }, status(), metrics);
    ScorerHttpServer front = ScorerHttpServer.start(settings(HttpSettings.Forwarding.PROXY),
        (user, at) -> new ScoreLookup.Remote("127.0.0.1", slowOwner.port()), status(), metrics);
    try {
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < concurrent; i++) {
        answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port()
            + "/v1/users/" + (i == 0 ? "moving" : "u" + i) + "/ltv")).header("Authorization", "Bearer read-token")
            .build(), HttpResponse.BodyHandlers.ofString()));
      }
      HttpResponse<String> moving = answers.getFirst().get();
      assertThat(moving.statusCode()).isEqualTo(503);
      assertThat(moving.headers().firstValue("Retry-After")).contains("1");
      for (CompletableFuture<HttpResponse<String>> answer : answers.subList(1, concurrent)) {
        assertThat(answer.get().statusCode()).isEqualTo(200);
      }
    } finally {
      allWaiting.countDown();
      front.close();
      slowOwner.close();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void onlyGetIsAllowedAndUnknownPathsAre404() throws Exception {
    HttpResponse<String> post = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/v1/users/u1/ltv"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(get("/v2/anything", "admin-token").statusCode()).isEqualTo(404);
  }

  @Test
  void theMonitoringEndpointGivesOneEntryPerClosedWindowAndModelVersionToTheMetricsRole() throws Exception {
    status.monitoring.add(new ClosedWindow(Instant.parse("2025-05-08T00:00:00Z"), Instant.parse("2025-06-05T00:00:00Z"),
        "lstm-0123456789ab", 1200, 5400, 4000, 0.35, 60, 50, 0.125, 0.5, 1024, 2, true));
    status.monitoring.add(new ClosedWindow(Instant.parse("2025-06-05T00:00:00Z"), Instant.parse("2025-07-03T00:00:00Z"),
        "gru-fedcba9876543210", 10, 30, 0, Double.NaN, 1, 0, 0.04, Double.NaN, 10, 1, true));
    assertThat(get("/v1/monitoring", "read-token").statusCode()).isEqualTo(403);
    HttpResponse<String> response = get("/v1/monitoring", "metrics-token");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode windows = new ObjectMapper().readTree(response.body());
    assertThat(windows).hasSize(2);
    JsonNode first = windows.get(0);
    assertThat(first.get("window_start").asText()).isEqualTo("2025-05-08T00:00:00Z");
    assertThat(first.get("window_end").asText()).isEqualTo("2025-06-05T00:00:00Z");
    assertThat(first.get("model_version").asText()).isEqualTo("lstm-0123456789ab");
    assertThat(first.get("users").asLong()).isEqualTo(1200);
    assertThat(first.get("predicted_value").asDouble()).isEqualTo(5400);
    assertThat(first.get("realised_value").asDouble()).isEqualTo(4000);
    assertThat(first.get("aggregate_error").asDouble()).isEqualTo(0.35);
    assertThat(first.get("brier").asDouble()).isEqualTo(0.125);
    assertThat(first.get("spend_gini").asDouble()).isEqualTo(0.5);
    assertThat(windows.get(1).get("aggregate_error").isNull()).as("nothing spent: no error to give").isTrue();

    String metricsText = get("/metrics", "metrics-token").body();
    assertThat(metricsText)
        .contains("ltv_monitoring_window_aggregate_error{window_start=\"2025-05-08T00:00:00Z\",model_version=\"lstm-0123456789ab\"} 0.35\n")
        .contains("ltv_monitoring_window_users{window_start=\"2025-05-08T00:00:00Z\",model_version=\"lstm-0123456789ab\"} 1200\n")
        .contains("ltv_monitoring_drift_alerts_total 0\n");
  }
}
