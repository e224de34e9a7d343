package io.ltvstream.scorer;

import io.ltvstream.scorer.service.ScorerConfig;
import io.ltvstream.scorer.service.ScorerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The container's health check: {@code GET /health} on this machine's scorer, over HTTPS when the
 * config sets a keystore, from the same config and {@code LTV_*} environment as the service.
 * Exit 0 when it answers 200 (ready), 1 otherwise. Over HTTPS it trusts exactly the service's own
 * certificate, so it needs neither a trust store nor a host name the certificate names.
 */
public final class HealthProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private HealthProbe() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: HealthProbe --config scorer.properties");
      return 2;
    }
    try {
      ScorerSettings settings = new ScorerSettings(ScorerConfig.load(Path.of(args[1])));
      int status = probe(settings);
      if (status != 200) {
        System.err.println("GET /health answered " + status);
      }
      return status == 200 ? 0 : 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      System.err.println("GET /health failed: " + e);
      return 1;
    }
  }

  /** The status {@code GET /health} answers on the configured port of the loopback address. */
  public static int probe(ScorerSettings settings) throws Exception {
    Optional<SSLContext> tls = settings.ownCertificateTrust();
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    tls.ifPresent(client::sslContext);
    if (tls.isPresent()) {
      // trust is pinned to the service's own certificate: the name it was issued for does not matter here
      System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    }
    URI uri = URI.create((tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + settings.httpPort() + "/health");
    try (HttpClient http = client.build()) {
      return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }
}
