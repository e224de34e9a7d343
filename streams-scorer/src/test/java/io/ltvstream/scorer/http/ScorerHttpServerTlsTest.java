package io.ltvstream.scorer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.scorer.HealthProbe;
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

  @Test
  void aQueryForAnotherInstancesUserIsForwardedOverHttpsTrustingTheConfiguredTrustStoreOnly() throws Exception {
    Path keystore = selfSignedKeystore("peer.p12");
    Path certificate = dir.resolve("peer.crt");
    keytool("-exportcert", "-rfc", "-alias", "scorer", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-file", certificate.toString());
    Path truststore = dir.resolve("trust.p12");
    keytool("-importcert", "-noprompt", "-alias", "peer", "-file", certificate.toString(), "-storetype", "PKCS12",
        "-keystore", truststore.toString(), "-storepass", "trustpass");
    Files.writeString(dir.resolve("password"), "changeit\n");
    Map<String, String> tls = Map.of("scorer.http.host", "127.0.0.1", "scorer.http.port", "0",
        "scorer.http.tokens", "reader:tls-reader",
        "scorer.http.tls.keystore", keystore.toString(),
        "scorer.http.tls.keystore.password.file", dir.resolve("password").toString());
    Map<String, String> trusting = new java.util.HashMap<>(tls);
    trusting.put("scorer.http.tls.truststore", truststore.toString());
    trusting.put("scorer.http.tls.truststore.password", "trustpass");

    try (ScorerHttpServer owner = ScorerHttpServer.start(new ScorerSettings(ScorerConfig.of(tls)).http(),
            (user, at) -> new ScoreLookup.Local("{\"user_id\":\"" + user + "\",\"from\":\"owner\"}"),
            runningStatus(), new ScorerMetrics());
         ScorerHttpServer front = ScorerHttpServer.start(new ScorerSettings(ScorerConfig.of(trusting)).http(),
            (user, at) -> new ScoreLookup.Remote("localhost", owner.port()), runningStatus(), new ScorerMetrics());
         ScorerHttpServer defaultTrust = ScorerHttpServer.start(new ScorerSettings(ScorerConfig.of(tls)).http(),
            (user, at) -> new ScoreLookup.Remote("localhost", owner.port()), runningStatus(), new ScorerMetrics())) {
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
      HttpResponse<String> forwarded = https.send(HttpRequest.newBuilder(
              URI.create("https://localhost:" + front.port() + "/v1/users/u7/ltv"))
          .header("Authorization", "Bearer tls-reader").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(200);
      assertThat(forwarded.body()).contains("\"user_id\":\"u7\"", "\"from\":\"owner\"");

      HttpResponse<String> untrusted = https.send(HttpRequest.newBuilder(
              URI.create("https://localhost:" + defaultTrust.port() + "/v1/users/u7/ltv"))
          .header("Authorization", "Bearer tls-reader").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(untrusted.statusCode()).as("the JVM's default trust does not know the self-signed peer")
          .isEqualTo(502);
    }
  }

  @Test
  void theImagesHealthProbeReadsTheHealthOverHttpsTrustingTheServicesOwnCertificate() throws Exception {
    Path keystore = selfSignedKeystore("probe.p12"); // issued for localhost; the probe calls 127.0.0.1
    Files.writeString(dir.resolve("password"), "changeit\n");
    Map<String, String> tls = new java.util.HashMap<>(Map.of("scorer.http.host", "127.0.0.1", "scorer.http.port", "0",
        "scorer.http.tokens", "reader:tls-reader",
        "scorer.http.tls.keystore", keystore.toString(),
        "scorer.http.tls.keystore.password.file", dir.resolve("password").toString()));
    FixedStatus status = new FixedStatus();
    try (ScorerHttpServer server = ScorerHttpServer.start(new ScorerSettings(ScorerConfig.of(tls)).http(),
        (user, at) -> new ScoreLookup.NotFound(), status, new ScorerMetrics())) {
      tls.put("scorer.http.port", Integer.toString(server.port()));
      ScorerSettings probed = new ScorerSettings(ScorerConfig.of(tls));
      assertThat(HealthProbe.probe(probed)).as("not RUNNING yet").isEqualTo(503);
      status.running.set(true);
      assertThat(HealthProbe.probe(probed)).isEqualTo(200);

      Map<String, String> plain = new java.util.HashMap<>(tls);
      plain.remove("scorer.http.tls.keystore");
      assertThatThrownBy(() -> HealthProbe.probe(new ScorerSettings(ScorerConfig.of(plain))))
          .as("plain HTTP to a TLS port, what the old bash probe did").isInstanceOf(IOException.class);
    }
  }

  private Path selfSignedKeystore(String name) throws Exception {
    Path keystore = dir.resolve(name);
    keytool("-genkeypair", "-alias", "scorer", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
    return keystore;
  }

  private static void keytool(String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(java.util.List.of(args));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
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
