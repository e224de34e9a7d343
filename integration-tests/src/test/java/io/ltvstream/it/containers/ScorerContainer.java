package io.ltvstream.it.containers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;
import org.slf4j.LoggerFactory;

/**
 * One scorer instance ({@code ltv run}) in its own container, configured the way an operator
 * would: the image's sample {@code scorer.properties} with {@code LTV_*} overrides, a model bundle
 * copied in, reachable by its peers under its network alias (Kafka Streams' application.server).
 */
final class ScorerContainer extends GenericContainer<ScorerContainer> {
  static final int HTTP_PORT = 8080;
  static final String READER_TOKEN = "reader-token";
  static final String METRICS_TOKEN = "metrics-token";
  private static final String MODEL = "/var/lib/ltv-scorer/models/current.zip";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String alias;
  private HttpClient https;

  /**
   * @param alias the instance's name on the network (also its application.server host)
   * @param applicationId Kafka Streams' application.id: instances sharing it share the work
   */
  ScorerContainer(Network network, String bootstrapServers, String alias, String applicationId, Path bundle) {
    this(network, bootstrapServers, alias, applicationId, bundle, true);
  }

  /**
   * @param advertiseByHand set {@code scorer.http.advertised} to the alias; without it the
   *     container's host name is the alias and the service finds its address itself, as it would
   *     on a machine of a fleet
   */
  ScorerContainer(Network network, String bootstrapServers, String alias, String applicationId, Path bundle,
      boolean advertiseByHand) {
    super(LtvImages.SCORER);
    LtvImages.requirePresent(LtvImages.SCORER);
    this.alias = alias;
    withImagePullPolicy(LtvImages.NEVER_PULL);
    withNetwork(network);
    withNetworkAliases(alias);
    withCopyFileToContainer(MountableFile.forHostPath(bundle), MODEL);
    withEnv("LTV_BOOTSTRAP_SERVERS", bootstrapServers);
    withEnv("LTV_APPLICATION_ID", applicationId);
    withEnv("LTV_REPLICATION_FACTOR", "1");
    withEnv("LTV_NUM_STREAM_THREADS", "1");
    withEnv("LTV_NUM_STANDBY_REPLICAS", "0");
    withEnv("LTV_STATE_DIR", "/var/lib/ltv-scorer/state");
    withEnv("LTV_SCORER_MODEL_PATH", MODEL);
    // A dead instance leaves the group after this, not after the 45 s default.
    withEnv("LTV_SESSION_TIMEOUT_MS", "10000");
    withEnv("LTV_HEARTBEAT_INTERVAL_MS", "1000");
    withEnv("LTV_SCORER_HTTP_TOKENS_FILE", "");
    withEnv("LTV_SCORER_HTTP_TOKENS", "reader:" + READER_TOKEN + ",metrics:" + METRICS_TOKEN);
    if (advertiseByHand) {
      withEnv("LTV_SCORER_HTTP_ADVERTISED", alias + ":" + HTTP_PORT);
    } else {
      withCreateContainerCmdModifier(command -> command.withHostName(alias));
    }
    withEnv("LTV_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1");
    withExposedPorts(HTTP_PORT);
    withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("scorer." + alias)));
    // /health is ready only when Kafka Streams is RUNNING (the image's HEALTHCHECK probes the same).
    waitingFor(Wait.forHttp("/health").forPort(HTTP_PORT).forStatusCode(200)
        .withStartupTimeout(Duration.ofMinutes(3)));
  }

  /**
   * HTTPS with {@code keystore} (password {@code password}); forwarding to peers and this test's
   * client trust {@code truststore}.
   */
  ScorerContainer withTls(Path keystore, Path truststore, String password) throws Exception {
    withCopyFileToContainer(MountableFile.forHostPath(keystore), "/etc/ltv/http-keystore.p12");
    withCopyFileToContainer(MountableFile.forHostPath(truststore), "/etc/ltv/http-truststore.p12");
    withEnv("LTV_SCORER_HTTP_TLS_KEYSTORE", "/etc/ltv/http-keystore.p12");
    withEnv("LTV_SCORER_HTTP_TLS_KEYSTORE_PASSWORD", password);
    withEnv("LTV_SCORER_HTTP_TLS_TRUSTSTORE", "/etc/ltv/http-truststore.p12");
    withEnv("LTV_SCORER_HTTP_TLS_TRUSTSTORE_PASSWORD", password);
    waitingFor(Wait.forHttps("/health").forPort(HTTP_PORT).forStatusCode(200).allowInsecure()
        .withStartupTimeout(Duration.ofMinutes(3)));
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (var in = java.nio.file.Files.newInputStream(truststore)) {
      trusted.load(in, password.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    https = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(context).build();
    return this;
  }

  ScorerContainer with(String environmentName, String value) {
    return withEnv(environmentName, value);
  }

  String alias() {
    return alias;
  }

  /** SIGKILL, no shutdown hook runs: what a crashed host or an OOM kill does. */
  void kill() {
    getDockerClient().killContainerCmd(getContainerId()).withSignal("KILL").exec();
  }

  /** GET with the reader's token. */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(path, READER_TOKEN);
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create((https != null ? "https" : "http") + "://" + getHost() + ":" + getMappedPort(HTTP_PORT) + path))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build();
    return (https != null ? https : http).send(request, HttpResponse.BodyHandlers.ofString());
  }
}
