package io.ltvstream.scorer.service;

import io.ltvstream.model.Engine;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.scorer.http.BearerTokens;
import io.ltvstream.scorer.http.HttpSettings;
import io.ltvstream.scorer.topology.SegmentRules;
import io.ltvstream.scorer.topology.TopologySettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import io.ltvstream.scorer.monitoring.DriftRule;
import io.ltvstream.scorer.monitoring.MonitoringSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Reads the scorer's typed settings from a {@link ScorerConfig}. Every key and its default is
 * listed in docs/scorer.md; a malformed value fails the start with the key's name.
 */
public final class ScorerSettings {
  public static final String APPLICATION_ID_DEFAULT = "ltv-scorer";

  private final ScorerConfig config;

  public ScorerSettings(ScorerConfig config) {
    this.config = config;
  }

  public ScorerConfig config() {
    return config;
  }

  public TopologySettings topology() {
    TopologySettings defaults = TopologySettings.defaults();
    SegmentRules segments = new SegmentRules(
        config.getDouble("scorer.segment.new.days", SegmentRules.DEFAULT.newDays()),
        config.getDouble("scorer.segment.active.p", SegmentRules.DEFAULT.activeP()),
        config.getDouble("scorer.segment.dormant.p", SegmentRules.DEFAULT.dormantP()),
        config.getDouble("scorer.segment.high.value", SegmentRules.DEFAULT.highValue()),
        config.getDouble("scorer.segment.high.past.spend", SegmentRules.DEFAULT.highPastSpend()));
    return new TopologySettings(
        config.get("scorer.topic.events", defaults.eventsTopic()),
        config.get("scorer.topic.scores", defaults.scoresTopic()),
        config.get("scorer.topic.dlq", defaults.deadLetterTopic()),
        config.getDuration("scorer.grace", defaults.grace()),
        config.getInt("scorer.recent.steps", defaults.recentSteps()),
        config.getDuration("scorer.idle.after").orElse(null),
        config.getDuration("scorer.idle.scan.interval", defaults.idleScanInterval()),
        TopologySettings.IdleClock.valueOf(
            config.get("scorer.idle.clock", "wall").toUpperCase(Locale.ROOT)),
        Engine.valueOf(config.get("scorer.engine", "kernel").toUpperCase(Locale.ROOT)),
        segments, monitoring(),
        config.get("scorer.topic.profiles").filter(topic -> !topic.isBlank()).orElse(null));
  }

  /** {@code scorer.monitoring.*}: {@code scorer.monitoring.window=off} turns monitoring off. */
  public MonitoringSettings monitoring() {
    MonitoringSettings defaults = MonitoringSettings.DEFAULT;
    Duration window = config.get("scorer.monitoring.window", "").equalsIgnoreCase("off")
        ? null : config.getDuration("scorer.monitoring.window", defaults.window());
    return new MonitoringSettings(window,
        new DriftRule(config.getDouble("scorer.monitoring.drift.threshold", defaults.drift().threshold()),
            config.getInt("scorer.monitoring.drift.min.users", defaults.drift().minUsers())),
        config.getInt("scorer.monitoring.sample.size", defaults.sampleSize()),
        config.getInt("scorer.monitoring.scan.batch", defaults.scanBatch()));
  }

  /** The bundle loaded at start (required unless a watched directory already holds one). */
  public Optional<Path> modelPath() {
    return config.getPath("scorer.model.path");
  }

  public Optional<Path> modelWatchDirectory() {
    return config.getPath("scorer.model.watch.dir");
  }

  public String modelWatchGlob() {
    return config.get("scorer.model.watch.glob", "*.{zip,ltvm}");
  }

  public Duration modelWatchInterval() {
    return config.getDuration("scorer.model.watch.interval", Duration.ofSeconds(10));
  }

  /** The writer schemas events are decoded with: the jar's current and released ones, and {@code scorer.schemas.dir}'s. */
  public LtvSchemaStore schemaStore() throws IOException {
    LtvSchemaStore store = LtvSchemaStore.standard();
    Optional<Path> directory = config.getPath("scorer.schemas.dir");
    return directory.isPresent() ? store.registerDirectory(directory.get()) : store;
  }

  /** When a failed stream thread is replaced, and when the instance shuts down instead. */
  public StreamThreadFailures streamThreadFailures() {
    return new StreamThreadFailures(config.getInt("scorer.stream.thread.replacements.max", 5),
        config.getDuration("scorer.stream.thread.replacements.window", Duration.ofMinutes(10)),
        Clock.systemUTC());
  }

  /** The only model version to serve (a rollback), or empty to serve the newest. */
  public Optional<String> modelPin() {
    return config.get("scorer.model.pin");
  }

  public Optional<String> modelTopic() {
    return config.get("scorer.topic.models");
  }

  /** The HMAC key for bundle signatures, from {@code scorer.model.signing.key.file} or {@code .key}. */
  public BundleSignature modelSignature() throws IOException {
    Optional<Path> file = config.getPath("scorer.model.signing.key.file");
    Optional<String> inline = config.get("scorer.model.signing.key");
    if (file.isPresent()) {
      return new BundleSignature(Files.readString(file.get(), StandardCharsets.UTF_8).strip()
          .getBytes(StandardCharsets.UTF_8));
    }
    return inline.map(key -> new BundleSignature(key.getBytes(StandardCharsets.UTF_8))).orElse(null);
  }

  /** Host and port other instances and clients reach this one's HTTP API at; see {@link AdvertisedAddress}. */
  public String advertisedServer(int boundPort) {
    return AdvertisedAddress.resolve(config.get(AdvertisedAddress.KEY),
        config.get("scorer.http.host", "0.0.0.0"), boundPort, AdvertisedAddress.SYSTEM);
  }

  public int httpPort() {
    return config.getInt("scorer.http.port", 8080);
  }

  /**
   * For a client on this machine (the health probe): TLS that trusts exactly the certificates of
   * {@code scorer.http.tls.keystore}; empty when the API is plain HTTP.
   */
  public Optional<SSLContext> ownCertificateTrust() throws IOException, GeneralSecurityException {
    Optional<Path> keystore = config.getPath("scorer.http.tls.keystore");
    if (keystore.isEmpty()) {
      return Optional.empty();
    }
    KeyStore own = loadStore(keystore.get(), secret("scorer.http.tls.keystore.password"),
        config.get("scorer.http.tls.keystore.type", "PKCS12"));
    KeyStore certificates = KeyStore.getInstance("PKCS12");
    certificates.load(null, null);
    for (String alias : java.util.Collections.list(own.aliases())) {
      if (own.getCertificate(alias) != null) {
        certificates.setCertificateEntry(alias, own.getCertificate(alias));
      }
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(certificates);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return Optional.of(context);
  }

  public HttpSettings http() throws IOException, GeneralSecurityException {
    InetSocketAddress bind = new InetSocketAddress(config.get("scorer.http.host", "0.0.0.0"), httpPort());
    BearerTokens tokens = BearerTokens.parse(config.get("scorer.http.tokens", ""));
    Optional<Path> tokensFile = config.getPath("scorer.http.tokens.file");
    if (tokensFile.isPresent()) {
      tokens = BearerTokens.combine(tokens, BearerTokens.read(tokensFile.get()));
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("no HTTP bearer tokens configured: set scorer.http.tokens.file"
          + " or " + ScorerConfig.environmentName("scorer.http.tokens")
          + " (entries role:token, roles reader, metrics, admin); nobody reads a user's value without one");
    }
    SSLContext tls = null;
    Optional<Path> keystore = config.getPath("scorer.http.tls.keystore");
    if (keystore.isPresent()) {
      tls = serverTls(keystore.get(), secret("scorer.http.tls.keystore.password"),
          config.get("scorer.http.tls.keystore.type", "PKCS12"));
    }
    SSLContext peerTls = null;
    Optional<Path> truststore = config.getPath("scorer.http.tls.truststore");
    if (truststore.isPresent()) {
      peerTls = clientTls(truststore.get(), secret("scorer.http.tls.truststore.password"),
          config.get("scorer.http.tls.truststore.type", "PKCS12"));
    } else if (tls != null) {
      peerTls = SSLContext.getDefault();
    }
    return new HttpSettings(bind, tls, tokens,
        HttpSettings.Forwarding.valueOf(config.get("scorer.http.forward", "proxy").toUpperCase(Locale.ROOT)),
        peerTls, config.getDuration("scorer.http.peer.timeout", Duration.ofSeconds(5)),
        config.getInt("scorer.http.max.in.flight", HttpSettings.DEFAULT_MAX_IN_FLIGHT));
  }

  /**
   * The longest wait for one connection to a broker, for every client of the service: Kafka's
   * default, 30 s, is what a client waits on the address of a broker that restarted elsewhere (a
   * container or a pod comes back at a new address), before it resolves the name again.
   */
  public static final String CONNECTION_SETUP_TIMEOUT_MAX_MS = "10000";

  /**
   * Every Kafka client's properties (Kafka Streams', the model-topic reader's, the start-up
   * admin's): {@link #CONNECTION_SETUP_TIMEOUT_MAX_MS}, then every non-scorer key from the config.
   */
  public Properties clients() {
    Properties props = new Properties();
    props.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, CONNECTION_SETUP_TIMEOUT_MAX_MS);
    props.putAll(config.kafkaProperties());
    return props;
  }

  /**
   * Kafka Streams properties: the scorer's defaults (exactly-once v2, named internal resources,
   * the application id), then {@link #clients()}, then the dead-letter routing.
   */
  public Properties streams(String applicationServer, Properties errorHandling) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID_DEFAULT);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    props.putAll(clients());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    props.putAll(errorHandling);
    return props;
  }

  private char[] secret(String key) throws IOException {
    Optional<Path> file = config.getPath(key + ".file");
    if (file.isPresent()) {
      return Files.readString(file.get(), StandardCharsets.UTF_8).strip().toCharArray();
    }
    return config.get(key, "").toCharArray();
  }

  private static SSLContext serverTls(Path keystore, char[] password, String type)
      throws IOException, GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(loadStore(keystore, password, type), password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext clientTls(Path truststore, char[] password, String type)
      throws IOException, GeneralSecurityException {
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(loadStore(truststore, password, type));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore loadStore(Path file, char[] password, String type)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }
}
