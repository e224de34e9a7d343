package io.ltvstream.scorer.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the newest bundle of a directory to the {@link ModelRegistry} whenever it changes.
 * Polling (not a WatchService) because it behaves the same on local disks, NFS and container
 * volumes. A file is offered only once its size and modification time stayed the same over one
 * poll, so a bundle being copied in is not read half-written (an atomic rename is better still).
 * A signature, when used, sits beside the bundle as {@code <bundle>.sig} (hex HMAC-SHA256); it is
 * part of what must stay unchanged, so a signature written after its bundle gets the bundle offered
 * again. A read that fails is retried on the next poll. An {@link Error} stops the watcher, and
 * {@link #deathCause()} says so.
 */
public final class ModelDirectoryWatcher implements AutoCloseable, BackgroundWorker {
  public static final String SIGNATURE_SUFFIX = ".sig";
  private static final Logger LOG = LoggerFactory.getLogger(ModelDirectoryWatcher.class);

  /** A bundle and its signature file as listed; the signature fields are null without one. */
  private record Seen(Path path, long size, FileTime modified, Long signatureSize, FileTime signatureModified) {
    Path signatureFile() {
      return path.resolveSibling(path.getFileName() + SIGNATURE_SUFFIX);
    }
  }

  private final Path directory;
  private final PathMatcher bundles;
  private final ModelRegistry<?> registry;
  private final ScheduledExecutorService scheduler;
  private final AtomicReference<String> deathCause = new AtomicReference<>();
  private final LongAdder failedAttempts = new LongAdder();
  private Seen candidate;
  private Seen offered;

  public ModelDirectoryWatcher(Path directory, String glob, ModelRegistry<?> registry) {
    this.directory = directory;
    this.bundles = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    this.registry = registry;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "ltv-model-watcher");
      thread.setDaemon(true);
      return thread;
    });
  }

  public void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("watching {} for model bundles every {}", directory, interval);
  }

  private void pollSafely() {
    try {
      poll();
    } catch (Exception e) {
      failedAttempts.increment();
      LOG.warn("model directory {} could not be read, retrying in the next poll: {}", directory, e.toString());
    } catch (Error e) {
      deathCause.set(e.toString());
      LOG.error("model directory watcher stopped; no new bundle from {} goes into service", directory, e);
      throw e;
    }
  }

  @Override
  public String name() {
    return "model-directory";
  }

  @Override
  public Optional<String> deathCause() {
    return Optional.ofNullable(deathCause.get());
  }

  @Override
  public long failedAttempts() {
    return failedAttempts.sum();
  }

  /** One look at the directory; public so tests and the service's start can drive it. */
  public synchronized Optional<ModelRegistry.Outcome> poll() throws IOException {
    Optional<Seen> newest = newest();
    if (newest.isEmpty() || newest.get().equals(offered)) {
      return Optional.empty();
    }
    if (!newest.get().equals(candidate)) {
      candidate = newest.get();
      return Optional.empty();
    }
    Seen stable = candidate;
    String signature = stable.signatureModified() == null
        ? null : Files.readString(stable.signatureFile(), StandardCharsets.US_ASCII).strip();
    byte[] bundle = Files.readAllBytes(stable.path());
    offered = stable; // only once both were read: a failed read is tried again
    return Optional.of(registry.offer(stable.path().toString(), bundle, signature));
  }

  private Optional<Seen> newest() throws IOException {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> bundles.matches(p.getFileName()) && Files.isRegularFile(p))
          .map(ModelDirectoryWatcher::seen)
          .flatMap(Optional::stream)
          .max(Comparator.comparing(Seen::modified).thenComparing(s -> s.path().getFileName().toString()));
    }
  }

  private static Optional<Seen> seen(Path path) {
    try {
      Path signature = path.resolveSibling(path.getFileName() + SIGNATURE_SUFFIX);
      boolean signed = Files.exists(signature);
      return Optional.of(new Seen(path, Files.size(path), Files.getLastModifiedTime(path),
          signed ? Files.size(signature) : null, signed ? Files.getLastModifiedTime(signature) : null));
    } catch (IOException e) {
      return Optional.empty(); // removed between listing and reading
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
