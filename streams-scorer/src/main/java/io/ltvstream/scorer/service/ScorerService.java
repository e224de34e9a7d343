package io.ltvstream.scorer.service;

import io.ltvstream.model.ModelBundle;
import io.ltvstream.scorer.http.ScoreLookup;
import io.ltvstream.scorer.http.ScorerHttpServer;
import io.ltvstream.scorer.http.ServiceStatus;
import io.ltvstream.scorer.monitoring.ClosedWindow;
import io.ltvstream.scorer.monitoring.MonitoringBoard;
import io.ltvstream.scorer.topology.ScorerMetrics;
import io.ltvstream.scorer.topology.ScorerTopology;
import io.ltvstream.scorer.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running scorer: model registry (bundle at start, then a watched directory and/or the models
 * topic), the Kafka Streams app, and the HTTP API. {@link #close} shuts down in reverse order and
 * lets Kafka Streams commit its last transaction; {@link #awaitShutdown} blocks the main thread.
 */
public final class ScorerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScorerService.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MODEL_TOPIC_CATCH_UP = Duration.ofSeconds(60);
  private static final Duration DRIFT_CHECK = Duration.ofSeconds(30);

  private final ScorerMetrics metrics = new ScorerMetrics();
  private final ModelRegistry<ModelBundle> models;
  private final ScorerHttpServer http;
  private final KafkaStreams streams;
  private final ModelDirectoryWatcher directoryWatcher;
  private final ModelTopicWatcher topicWatcher;
  private final StreamThreadFailures threadFailures;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
  /** Combines this instance's monitoring partials; null when monitoring is off. */
  private final MonitoringBoard board;
  /** Looks at the closed windows now and then, so a drift alert is raised even if nobody asks. */
  private final ScheduledExecutorService driftCheck;

  private ScorerService(ScorerSettings settings) throws IOException, GeneralSecurityException,
      InterruptedException {
    TopologySettings topology = settings.topology();
    threadFailures = settings.streamThreadFailures();
    models = new ModelRegistry<>(ModelBundle::read, BundleIdentity::of, settings.modelSignature(),
        settings.modelPin().orElse(null));
    loadInitialModel(settings);
    directoryWatcher = settings.modelWatchDirectory()
        .map(dir -> new ModelDirectoryWatcher(dir, settings.modelWatchGlob(), models)).orElse(null);

    AtomicReference<ScoreLookup> lookup = new AtomicReference<>(
        (user, at) -> new ScoreLookup.Unavailable("starting"));
    AtomicReference<KafkaStreams> streamsRef = new AtomicReference<>();
    board = topology.monitoring().enabled()
        ? new MonitoringBoard(topology.monitoring().drift(), metrics) : null;
    Status status = new Status(streamsRef);
    http = ScorerHttpServer.start(settings.http(), (user, at) -> lookup.get().find(user, at), status, metrics);
    driftCheck = board == null ? null : Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("ltv-drift-check").factory());
    if (driftCheck != null) {
      driftCheck.scheduleWithFixedDelay(() -> {
        try {
          status.monitoring();
        } catch (RuntimeException e) {
          LOG.warn("checking the monitoring windows failed", e);
        }
      }, DRIFT_CHECK.toSeconds(), DRIFT_CHECK.toSeconds(), TimeUnit.SECONDS);
    }
    KafkaStreams app = null;
    try {
      String advertised = settings.advertisedServer(http.port());
      app = streams(settings, topology, advertised);
      LOG.info("other instances reach this one at {} (application.server)", advertised);
      HostInfo self = HostInfo.buildFromEndpoint(advertised);
      lookup.set(new StoreScoreLookup(app, self, models, topology, System::currentTimeMillis));
      topicWatcher = settings.modelTopic()
          .map(topic -> new ModelTopicWatcher(settings.clients(), topic, models))
          .orElse(null);
    } catch (RuntimeException | IOException e) {
      if (driftCheck != null) {
        driftCheck.shutdownNow();
      }
      http.close();
      if (app != null) {
        app.close();
      }
      throw e;
    }
    streams = app;
    streamsRef.set(app);
  }

  private KafkaStreams streams(ScorerSettings settings, TopologySettings topology, String applicationServer)
      throws IOException, InterruptedException {
    Topology built = ScorerTopology.build(topology, models, metrics, settings.schemaStore(),
        maxScoreRecordBytes(settings.clients(), topology.scoresTopic()));
    LOG.info("topology:\n{}", built.describe());
    KafkaStreams streams = new KafkaStreams(built, settings.streams(applicationServer,
        ScorerTopology.errorHandling(topology, metrics)));
    streams.setStateListener((newState, oldState) -> {
      state.set(newState);
      LOG.info("Kafka Streams {} -> {}", oldState, newState);
      if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
        stopped.countDown();
      }
    });
    streams.setUncaughtExceptionHandler(threadFailures);
    return streams;
  }

  /**
   * The largest score record that can be sent: the smaller of the producer's {@code
   * max.request.size} and the scores topic's {@code max.message.bytes}, read once at start.
   */
  static int maxScoreRecordBytes(Properties kafka, String scoresTopic) throws InterruptedException {
    int producerLimit = Integer.parseInt(kafka.getProperty(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        kafka.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(ScorerTopology.DEFAULT_MAX_RECORD_BYTES))));
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, scoresTopic);
    try (Admin admin = Admin.create(kafka)) {
      ConfigEntry limit = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
          .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      return limit == null ? producerLimit : Math.min(producerLimit, Integer.parseInt(limit.value()));
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("could not read {}'s {} ({}); scores up to max.request.size={} bytes are sent", scoresTopic,
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, e.getCause() != null ? e.getCause() : e, producerLimit);
      return producerLimit;
    }
  }

  /** Loads the configuration's model and starts everything. */
  public static ScorerService start(ScorerSettings settings) throws Exception {
    ScorerService service = new ScorerService(settings);
    try {
      if (service.topicWatcher != null) {
        service.topicWatcher.catchUp(MODEL_TOPIC_CATCH_UP); // the newest bundle before the first event
      }
      service.streams.start();
      if (service.directoryWatcher != null) {
        service.directoryWatcher.start(settings.modelWatchInterval());
      }
      if (service.topicWatcher != null) {
        service.topicWatcher.start();
      }
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  private void loadInitialModel(ScorerSettings settings) throws IOException, InterruptedException {
    Optional<Path> path = settings.modelPath();
    if (path.isPresent()) {
      Path file = path.get();
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("scorer.model.path " + file + " is not a readable bundle file");
      }
      Path signature = file.resolveSibling(file.getFileName() + ModelDirectoryWatcher.SIGNATURE_SUFFIX);
      models.offer(file.toString(), Files.readAllBytes(file),
          Files.exists(signature) ? Files.readString(signature).strip() : null);
    } else if (settings.modelWatchDirectory().isPresent()) {
      ModelDirectoryWatcher once = new ModelDirectoryWatcher(
          settings.modelWatchDirectory().get(), settings.modelWatchGlob(), models);
      once.poll();
      Thread.sleep(100);
      once.poll(); // a file is offered once it is seen unchanged twice
      once.close();
    }
    if (models.currentVersion().isEmpty()) {
      throw new IllegalStateException("no usable model bundle at start: set scorer.model.path to a"
          + " bundle written by ./ltv train (see the log for why a bundle was refused)");
    }
  }

  public ScorerMetrics metrics() {
    return metrics;
  }

  public ModelRegistry<ModelBundle> models() {
    return models;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public int httpPort() {
    return http.port();
  }

  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /** Idempotent: the shutdown hook and the caller may both close. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("shutting down");
    if (topicWatcher != null) {
      try {
        topicWatcher.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (directoryWatcher != null) {
      directoryWatcher.close();
    }
    if (driftCheck != null) {
      driftCheck.shutdownNow();
    }
    http.close();
    streams.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT));
    stopped.countDown();
    LOG.info("stopped");
  }

  /** The model watchers that run. */
  private List<BackgroundWorker> backgroundWorkers() {
    List<BackgroundWorker> workers = new ArrayList<>();
    if (directoryWatcher != null) {
      workers.add(directoryWatcher);
    }
    if (topicWatcher != null) {
      workers.add(topicWatcher);
    }
    return workers;
  }

  /** What /health and /metrics read. */
  private final class Status implements ServiceStatus {
    private final AtomicReference<KafkaStreams> streams;

    Status(AtomicReference<KafkaStreams> streams) {
      this.streams = streams;
    }

    @Override
    public boolean ready() {
      return state.get() == KafkaStreams.State.RUNNING;
    }

    @Override
    public boolean alive() {
      KafkaStreams.State now = state.get();
      return now != KafkaStreams.State.ERROR && now != KafkaStreams.State.NOT_RUNNING
          && now != KafkaStreams.State.PENDING_ERROR;
    }

    @Override
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      threadFailures.shutdownCause().ifPresent(problems::add);
      backgroundWorkers().forEach(w -> w.deathCause().ifPresent(cause -> problems.add(w.name() + " stopped: " + cause)));
      return problems;
    }

    @Override
    public List<Worker> workers() {
      return backgroundWorkers().stream()
          .map(w -> new Worker(w.name(), w.deathCause().isEmpty(), w.failedAttempts())).toList();
    }

    @Override
    public long streamThreadReplacements() {
      return threadFailures.replacements();
    }

    @Override
    public Map<MetricName, ? extends Metric> kafkaMetrics() {
      KafkaStreams app = streams.get();
      return app == null ? Map.of() : app.metrics();
    }

    @Override
    public String state() {
      return state.get().name();
    }

    @Override
    public String modelVersion() {
      return models.currentVersion().orElse("");
    }

    @Override
    public List<ClosedWindow> monitoring() {
      KafkaStreams app = streams.get();
      if (board == null || app == null || !ready()) {
        return List.of();
      }
      try (KeyValueIterator<String, byte[]> partials = app.store(StoreQueryParameters.fromNameAndType(
          TopologySettings.MONITORING_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())).all()) {
        return board.closedWindows(partials);
      } catch (InvalidStateStoreException e) {
        return List.of(); // moving between instances: report nothing rather than part of it
      }
    }

    @Override
    public Map<String, Long> storeSizes() {
      Map<String, Long> sizes = new LinkedHashMap<>();
      KafkaStreams app = streams.get();
      if (app == null || !ready()) {
        return sizes;
      }
      String store = TopologySettings.USER_STATE_STORE;
      try {
        sizes.put(store, app.store(StoreQueryParameters.fromNameAndType(
            store, QueryableStoreTypes.keyValueStore())).approximateNumEntries());
      } catch (InvalidStateStoreException e) {
        // moving between instances: report nothing rather than a wrong number
      }
      return sizes;
    }
  }
}
