package io.ltvstream.scorer.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies on an error no handler absorbed. A transient failure (a
 * fenced producer, a broker outage longer than the timeouts) gets a fresh thread, which under
 * exactly-once resumes from the last committed transaction. A failure that a new thread would
 * only meet again (authorization, authentication, an unsupported broker, bad client config, a JVM
 * {@link Error}), or more than {@code maxReplacements} replacements within {@code window}, shuts
 * this client down instead: Kafka Streams goes to ERROR, {@code /health/live} turns 503 and
 * {@code ltv run} exits 1, so the orchestrator restarts the instance and an operator sees why.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

  private final int maxReplacements;
  private final Duration window;
  private final Clock clock;
  private final Deque<Instant> replacements = new ArrayDeque<>();
  private long replacementsTotal;
  private volatile String shutdownCause;

  public StreamThreadFailures(int maxReplacements, Duration window, Clock clock) {
    if (maxReplacements < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("scorer.stream.thread.replacements.max must be >= 0 and"
          + " scorer.stream.thread.replacements.window positive, got " + maxReplacements + " and " + window);
    }
    this.maxReplacements = maxReplacements;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    Optional<Throwable> deterministic = deterministicCause(exception);
    if (deterministic.isPresent()) {
      return shutDown("a stream thread failed with " + deterministic.get()
          + ", which a new thread would meet again", exception);
    }
    Instant now = clock.instant();
    while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(window))) {
      replacements.removeFirst();
    }
    if (replacements.size() >= maxReplacements) {
      return shutDown("stream threads failed " + (replacements.size() + 1) + " times within " + window
          + " (scorer.stream.thread.replacements.max=" + maxReplacements + "), last with " + exception, exception);
    }
    replacements.addLast(now);
    replacementsTotal++;
    LOG.error("stream thread failed; replacing it ({} of at most {} within {})", replacements.size(),
        maxReplacements, window, exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  private StreamThreadExceptionResponse shutDown(String cause, Throwable exception) {
    shutdownCause = cause;
    LOG.error("{}; shutting this instance down so that it is restarted", cause, exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  private static Optional<Throwable> deterministicCause(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthorizationException || t instanceof AuthenticationException
          || t instanceof UnsupportedVersionException || t instanceof ConfigException || t instanceof Error) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Why the client was shut down, once it was. */
  public Optional<String> shutdownCause() {
    return Optional.ofNullable(shutdownCause);
  }

  /** Threads replaced since the start. */
  public synchronized long replacements() {
    return replacementsTotal;
  }
}
