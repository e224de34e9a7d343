package io.ltvstream.it.containers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Follows one topic with read_committed on its own thread while a scenario runs, remembering when
 * each record became visible: the scenarios' measurements (time to recover) come from here, also
 * while the test thread is blocked starting a container.
 */
final class CommittedTopic implements AutoCloseable {
  record Arrival(ConsumerRecord<String, byte[]> record, Instant seenAt) {}

  private final String topic;
  private final List<Arrival> arrivals = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final Thread poller;

  CommittedTopic(ContainerizedKafka kafka, String topic) {
    this.topic = topic;
    KafkaConsumer<String, byte[]> consumer = kafka.committedReader(topic);
    poller = Thread.ofPlatform().name("follow-" + topic).daemon().start(() -> follow(consumer));
  }

  private void follow(KafkaConsumer<String, byte[]> consumer) {
    try (consumer) {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          synchronized (arrivals) {
            arrivals.add(new Arrival(record, Instant.now()));
            arrivals.notifyAll();
          }
        }
      }
    } catch (RuntimeException e) {
      failure.set(e);
    }
  }

  /** Waits until at least {@code count} records are visible; fails after {@code patience}. */
  CommittedTopic awaitCount(int count, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (arrivals) {
      while (arrivals.size() < count) {
        if (failure.get() != null) {
          throw new AssertionError("reading " + topic + " failed", failure.get());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("only " + arrivals.size() + " of " + count + " records visible in "
              + topic + " (read_committed) after " + patience);
        }
        arrivals.wait(Math.max(1, Math.min(500, left / 1_000_000)));
      }
    }
    return this;
  }

  /** Keeps reading for {@code quiet} more, so that records beyond an expected count (duplicates) show. */
  CommittedTopic settle(Duration quiet) throws InterruptedException {
    Thread.sleep(quiet);
    return this;
  }

  List<ConsumerRecord<String, byte[]>> records() {
    synchronized (arrivals) {
      return arrivals.stream().map(Arrival::record).toList();
    }
  }

  int count() {
    synchronized (arrivals) {
      return arrivals.size();
    }
  }

  /** When the first record seen after {@code instant} arrived. */
  Optional<Instant> firstSeenAfter(Instant instant) {
    synchronized (arrivals) {
      return arrivals.stream().map(Arrival::seenAt).filter(seen -> seen.isAfter(instant)).findFirst();
    }
  }

  /** When the {@code n}-th record (1-based) arrived. */
  Instant seenAt(int n) {
    synchronized (arrivals) {
      return arrivals.get(n - 1).seenAt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    poller.join(Duration.ofSeconds(10));
  }
}
