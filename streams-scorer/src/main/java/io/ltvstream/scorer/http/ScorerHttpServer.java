package io.ltvstream.scorer.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ltvstream.scorer.monitoring.ClosedWindow;
import io.ltvstream.scorer.topology.ScorerMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer's HTTP API on the JDK's own server:
 * <ul>
 *   <li>{@code GET /v1/users/{id}/ltv[?at=epoch-millis|ISO-instant]}: the user's score now (or at
 *       {@code at}), from the value head with the time since their latest event (role reader);
 *       answered here, fetched from the owning instance, or redirected to it;</li>
 *   <li>{@code GET /v1/users/{id}/ltv/explain[?at=...]}: the same value explained (shares by
 *       dimension group by occlusion, the last events' effects; role reader), routed the same way;</li>
 *   <li>{@code GET /metrics}: Prometheus text (role metrics);</li>
 *   <li>{@code GET /v1/monitoring}: the closed monitoring windows of this instance's partitions,
 *       one entry per window and model version, as JSON (role metrics);</li>
 *   <li>{@code GET /health}: 200 only while Kafka Streams is RUNNING, else 503; and
 *       {@code GET /health/live}: 200 unless the service failed. Both are open.</li>
 * </ul>
 * Protected paths answer 401 without a known bearer token and 403 for a token without the role.
 * Each request runs on its own virtual thread; at most {@code scorer.http.max.in.flight} user
 * queries run at once, further ones get 503 with {@code Retry-After} (health and metrics always answer).
 */
public final class ScorerHttpServer implements AutoCloseable {
  static final String FORWARDED_HEADER = "X-Ltv-Forwarded";
  private static final Logger LOG = LoggerFactory.getLogger(ScorerHttpServer.class);
  private static final Pattern USER_PATH = Pattern.compile("^/v1/users/([^/]+)/ltv(/explain)?/?$");
  private static final String JSON = "application/json; charset=utf-8";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final HttpSettings settings;
  private final ScoreLookup lookup;
  private final ServiceStatus status;
  private final ScorerMetrics metrics;
  private final ExecutorService executor;
  private final Semaphore inFlight;
  private final HttpClient peers;

  private ScorerHttpServer(HttpSettings settings, ScoreLookup lookup, ServiceStatus status,
      ScorerMetrics metrics) throws IOException {
    this.settings = settings;
    this.lookup = lookup;
    this.status = status;
    this.metrics = metrics;
    if (settings.tls() != null) {
      HttpsServer https = HttpsServer.create(settings.bind(), 64);
      https.setHttpsConfigurator(new HttpsConfigurator(settings.tls()));
      this.server = https;
    } else {
      this.server = HttpServer.create(settings.bind(), 64);
    }
    // a virtual thread per request: a proxied query waiting for its owner holds no platform thread
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ltv-http-", 0).factory());
    this.inFlight = new Semaphore(settings.maxInFlight());
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(settings.peerTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (settings.peerTls() != null) {
      client.sslContext(settings.peerTls());
    }
    this.peers = client.build();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts listening; {@link #port()} tells where. */
  public static ScorerHttpServer start(HttpSettings settings, ScoreLookup lookup,
      ServiceStatus status, ScorerMetrics metrics) throws IOException {
    ScorerHttpServer http = new ScorerHttpServer(settings, lookup, status, metrics);
    http.server.start();
    LOG.info("HTTP{} listening on {}", settings.tls() != null ? "S" : "", http.server.getAddress());
    return http;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, JSON, error("only GET is supported"));
        return;
      }
      if (path.equals("/health")) {
        health(exchange, status.ready());
        return;
      }
      if (path.equals("/health/live")) {
        health(exchange, status.alive());
        return;
      }
      if (path.equals("/metrics")) {
        if (authorized(exchange, Role.METRICS)) {
          send(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(metrics, status));
        }
        return;
      }
      if (path.equals("/v1/monitoring")) {
        if (authorized(exchange, Role.METRICS)) {
          send(exchange, 200, JSON, MAPPER.writeValueAsString(monitoringJson(status.monitoring())));
        }
        return;
      }
      Matcher user = USER_PATH.matcher(path);
      if (user.matches()) {
        if (!inFlight.tryAcquire()) {
          exchange.getResponseHeaders().set("Retry-After", "1");
          send(exchange, 503, JSON, error("too many requests in flight (scorer.http.max.in.flight); retry"));
          return;
        }
        try {
          answerUserQuery(exchange, decodePathSegment(user.group(1)), user.group(2) != null);
        } finally {
          inFlight.release();
        }
        return;
      }
      send(exchange, 404, JSON, error("no such resource"));
    } catch (RuntimeException e) {
      LOG.error("HTTP {} failed", exchange.getRequestURI().getRawPath().replaceAll("/users/[^/]+", "/users/*"), e);
      send(exchange, 500, JSON, error("internal error"));
    }
  }

  /** One entry per closed window and model version; NaN figures (nothing spent) are null. */
  static List<Map<String, Object>> monitoringJson(List<ClosedWindow> windows) {
    return windows.stream().map(w -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("window_start", w.windowStart().toString());
      entry.put("window_end", w.windowEnd().toString());
      entry.put("model_version", w.modelVersion());
      entry.put("users", w.users());
      entry.put("predicted_value", finite(w.predictedValue()));
      entry.put("realised_value", finite(w.realisedValue()));
      entry.put("aggregate_error", finite(w.aggregateError()));
      entry.put("brier", finite(w.brier()));
      entry.put("spend_gini", finite(w.spendGini()));
      entry.put("predicted_transactions", finite(w.predictedTransactions()));
      entry.put("realised_transactions", finite(w.realisedTransactions()));
      entry.put("gini_sample_users", w.giniSampleUsers());
      entry.put("partitions", w.partitions());
      entry.put("drift", w.drift());
      return entry;
    }).toList();
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /** 200 when {@code up} and nothing needs a restart; the body names the state and any problem. */
  private void health(HttpExchange exchange, boolean up) throws IOException {
    List<String> problems = status.problems();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.state());
    body.put("problems", problems);
    send(exchange, up && problems.isEmpty() ? 200 : 503, JSON, MAPPER.writeValueAsString(body));
  }

  private void answerUserQuery(HttpExchange exchange, String userId, boolean explain) throws IOException {
    if (authorized(exchange, Role.READER)) {
      Long at = atParameter(exchange.getRequestURI().getRawQuery());
      if (at != null && at == Long.MIN_VALUE) {
        send(exchange, 400, JSON, error("at must be epoch milliseconds or an ISO-8601 instant"));
        return;
      }
      answerUser(exchange, userId, at, explain);
    }
  }

  /** %-decoding only: in a path, {@code +} is a plus (form decoding would make it a space). */
  static String decodePathSegment(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private boolean authorized(HttpExchange exchange, Role required) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    Optional<Set<Role>> roles = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? settings.tokens().rolesOf(header.substring(7).strip()) : Optional.empty();
    if (roles.isEmpty()) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"ltv-scorer\"");
      send(exchange, 401, JSON, error("a valid bearer token is required"));
      return false;
    }
    if (roles.get().stream().noneMatch(role -> role.grants(required))) {
      send(exchange, 403, JSON, error("the token lacks the " + required.name().toLowerCase() + " role"));
      return false;
    }
    return true;
  }

  /** The {@code at} query parameter; null when absent, Long.MIN_VALUE when malformed. */
  static Long atParameter(String rawQuery) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith("at=")) {
        String value = URLDecoder.decode(pair.substring(3), StandardCharsets.UTF_8);
        try {
          return value.chars().allMatch(Character::isDigit) && !value.isEmpty()
              ? Long.parseLong(value) : Instant.parse(value).toEpochMilli();
        } catch (RuntimeException e) {
          return Long.MIN_VALUE;
        }
      }
    }
    return null;
  }

  private void answerUser(HttpExchange exchange, String userId, Long at, boolean explain) throws IOException {
    ScoreLookup.Result result = explain ? lookup.explain(userId, at) : lookup.find(userId, at);
    switch (result) {
      case ScoreLookup.Local local -> send(exchange, 200, JSON, local.json());
      case ScoreLookup.NotFound notFound -> send(exchange, 404, JSON, error("no score for this user"));
      case ScoreLookup.Unavailable unavailable -> {
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 503, JSON, error(unavailable.why()));
      }
      case ScoreLookup.Remote remote -> answerFromOwner(exchange, userId, at, explain, remote);
    }
  }

  private void answerFromOwner(HttpExchange exchange, String userId, Long at, boolean explain,
      ScoreLookup.Remote owner)
      throws IOException {
    if (exchange.getRequestHeaders().containsKey(FORWARDED_HEADER)) {
      // the instance that forwarded here thinks we own the user: ownership is moving
      exchange.getResponseHeaders().set("Retry-After", "1");
      send(exchange, 503, JSON, error("ownership of this user is moving; retry"));
      return;
    }
    URI uri = URI.create((settings.peerTls() != null || settings.tls() != null ? "https" : "http")
        + "://" + owner.host() + ":" + owner.port() + "/v1/users/"
        + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20") + "/ltv"
        + (explain ? "/explain" : "") + (at == null ? "" : "?at=" + at));
    if (settings.forward() == HttpSettings.Forwarding.REDIRECT) {
      exchange.getResponseHeaders().set("Location", uri.toString());
      send(exchange, 307, JSON, "{\"location\":\"" + uri + "\"}");
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.peerTimeout())
        .header("Authorization", exchange.getRequestHeaders().getFirst("Authorization"))
        .header(FORWARDED_HEADER, "1").GET().build();
    try {
      HttpResponse<String> response = peers.send(request, HttpResponse.BodyHandlers.ofString());
      response.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
      send(exchange, response.statusCode(), JSON, response.body());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      // an owner that takes no connection has stopped or died: its users move to another instance
      // once the group drops it (session.timeout.ms), so the query is worth retrying, as while moving
      LOG.warn("owner {}:{} is unreachable: {}", owner.host(), owner.port(), e.toString());
      exchange.getResponseHeaders().set("Retry-After", "1");
      send(exchange, 503, JSON, error("the owning instance is unreachable; its users are moving; retry"));
    } catch (IOException e) {
      LOG.warn("owner {}:{} did not answer: {}", owner.host(), owner.port(), e.toString());
      send(exchange, 502, JSON, error("the owning instance did not answer"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, JSON, error("shutting down"));
    }
  }

  private static String error(String message) {
    return "{\"error\":\"" + message.replace("\"", "'") + "\"}";
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops accepting, lets requests in flight finish for up to a second. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    peers.close();
  }
}
