package io.ltvstream.scorer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.scorer.service.ScorerConfig;
import io.ltvstream.scorer.service.ScorerSettings;
import io.ltvstream.scorer.topology.ScorerMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from the scorer's own settings, with a keystore made by the JDK's keytool. */
class ScorerHttpServerTlsTest {
  @TempDir Path dir;

  @Test
  void servesHttpsWithTheConfiguredKeystoreAndStillAsksForATokenOnly() throws Exception {
    Path keystore = dir.resolve("http.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "scorer", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    Files.writeString(dir.resolve("password"), "changeit\n");

    ScorerSettings settings = new ScorerSettings(ScorerConfig.of(Map.of(
        "scorer.http.host", "127.0.0.1", "scorer.http.port", "0",
        "scorer.http.tokens", "reader:tls-reader",
        "scorer.http.tls.keystore", keystore.toString(),
        "scorer.http.tls.keystore.password.file", dir.resolve("password").toString())));
    try (ScorerHttpServer server = ScorerHttpServer.start(settings.http(),
        (user, at) -> new ScoreLookup.Local("{\"user_id\":\"" + user + "\"}"), runningStatus(), new ScorerMetrics())) {
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
      String base = "https://localhost:" + server.port();
      assertThat(https.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(https.send(HttpRequest.newBuilder(URI.create(base + "/v1/users/u/ltv")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      HttpResponse<String> ok = https.send(HttpRequest.newBuilder(URI.create(base + "/v1/users/u/ltv"))
          .header("Authorization", "Bearer tls-reader").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"user_id\":\"u\"");

      HttpClient untrusting = HttpClient.newHttpClient();
      assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }
  }

  private static ServiceStatus runningStatus() {
    FixedStatus status = new FixedStatus();
    status.running.set(true);
    return status;
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
