package io.ltvstream.scorer.service;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.junit.jupiter.api.Test;

/** Which stream-thread failures get a new thread, with the exceptions Kafka Streams really passes. */
class StreamThreadFailuresTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private Instant now = Instant.parse("2026-05-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static StreamsException wrapped(Exception cause) {
    return new StreamsException("task [0_0] failed", cause); // how a stream thread hands them over
  }

  @Test
  void anAuthorizationErrorShutsTheClientDownAtOnce() {
    StreamThreadFailures failures = new StreamThreadFailures(5, Duration.ofMinutes(10), new HandClock());
    assertThat(failures.handle(wrapped(new TopicAuthorizationException(java.util.Set.of("ltv-scores")))))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(failures.shutdownCause().orElseThrow()).contains("TopicAuthorizationException", "ltv-scores");
    assertThat(failures.replacements()).isZero();

    StreamThreadFailures sasl = new StreamThreadFailures(5, Duration.ofMinutes(10), new HandClock());
    assertThat(sasl.handle(wrapped(new SaslAuthenticationException("bad password")))).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void transientFailuresAreReplacedUntilTooManyFallInOneWindow() {
    HandClock clock = new HandClock();
    StreamThreadFailures failures = new StreamThreadFailures(2, Duration.ofMinutes(10), clock);
    assertThat(failures.handle(wrapped(new ProducerFencedException("fenced")))).isEqualTo(REPLACE_THREAD);
    clock.advance(Duration.ofMinutes(6));
    assertThat(failures.handle(wrapped(new TimeoutException("broker away")))).isEqualTo(REPLACE_THREAD);
    clock.advance(Duration.ofMinutes(6)); // the first one left the window
    assertThat(failures.handle(wrapped(new TaskMigratedException("migrated")))).isEqualTo(REPLACE_THREAD);
    assertThat(failures.shutdownCause()).isEmpty();

    clock.advance(Duration.ofMinutes(1)); // three within ten minutes
    assertThat(failures.handle(wrapped(new TimeoutException("broker away")))).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(failures.shutdownCause().orElseThrow()).contains("3 times within PT10M",
        "scorer.stream.thread.replacements.max=2");
    assertThat(failures.replacements()).isEqualTo(3);
  }
}
