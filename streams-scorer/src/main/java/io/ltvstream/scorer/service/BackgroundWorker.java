package io.ltvstream.scorer.service;

import java.util.Optional;

/** A thread of the service whose death must show on {@code /health} and in the metrics. */
public interface BackgroundWorker {
  /** A short stable name for metrics and messages ({@code model-directory}, {@code model-topic}). */
  String name();

  /** Why the worker stopped for good while the service was running; empty while it works. */
  Optional<String> deathCause();

  /** Attempts that failed and were retried (read errors, broker errors). */
  long failedAttempts();
}
