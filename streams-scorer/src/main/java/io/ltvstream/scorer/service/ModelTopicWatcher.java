package io.ltvstream.scorer.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads model bundles from a compacted topic (value = bundle bytes, header
 * {@value #SIGNATURE_HEADER} = hex HMAC-SHA256 when signed) and offers each to the
 * {@link ModelRegistry}. Every instance reads every partition from the start, without a consumer
 * group. {@link #catchUp} reads the topic to its end before Kafka Streams starts, so the service
 * scores its first event with the newest valid bundle, never with one it is about to replace; the
 * registry refuses the older ones the replay meets. Then {@link #start} follows new records. A
 * failed poll is retried after a pause; an {@link Error} stops the reader, and
 * {@link #deathCause()} says so.
 */
public final class ModelTopicWatcher implements AutoCloseable, BackgroundWorker {
  public static final String SIGNATURE_HEADER = "ltv.model.hmac";
  private static final Logger LOG = LoggerFactory.getLogger(ModelTopicWatcher.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

  private final String topic;
  private final ModelRegistry<?> registry;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  /** Ends a retry pause at close; an interrupt would also make the consumer's own close throw. */
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicReference<String> deathCause = new AtomicReference<>();
  private final LongAdder failedAttempts = new LongAdder();
  private final Thread thread;

  /** @param kafka client settings (bootstrap, TLS, SASL) shared with the Streams app */
  public ModelTopicWatcher(Properties kafka, String topic, ModelRegistry<?> registry) {
    this.topic = topic;
    this.registry = registry;
    Properties config = new Properties();
    kafka.forEach((key, value) -> {
      if (ConsumerConfig.configNames().contains(key.toString())) {
        config.put(key, value); // bootstrap, TLS, SASL, client tuning; not the Streams-only keys
      }
    });
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::follow, "ltv-model-topic");
    this.thread.setDaemon(true);
  }

  /**
   * Reads every partition from its start to its current end, offering each bundle; returns once
   * the end is reached. Errors here fail the start: a service that cannot read its models topic
   * must not start on a possibly outdated bundle.
   *
   * @param timeout how long reaching the end may take
   */
  public void catchUp(Duration timeout) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException("model topic " + topic + " does not exist; create it"
          + " (cleanup.policy=compact) or leave scorer.topic.models empty");
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    int offered = 0;
    while (!reached(ends)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("model topic " + topic + " was not read to its end within "
            + timeout + " (ends " + ends + ")");
      }
      offered += offerAll(consumer.poll(POLL));
    }
    LOG.info("read model topic {} to its end ({} bundles offered); model {} in service", topic, offered,
        registry.currentVersion().orElse("(none)"));
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  /** Follows the topic for new bundles; call after {@link #catchUp}. */
  public void start() {
    thread.start();
  }

  private void follow() {
    try {
      while (running.get()) {
        try {
          offerAll(consumer.poll(POLL));
        } catch (WakeupException e) {
          throw e;
        } catch (Exception e) {
          failedAttempts.increment();
          LOG.warn("model topic {} could not be read, retrying in {}: {}", topic, RETRY_PAUSE, e.toString());
          closing.await(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (Error e) {
      deathCause.set(e.toString());
      LOG.error("model topic {} reader stopped; no new bundle from it goes into service", topic, e);
      throw e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private int offerAll(Iterable<ConsumerRecord<byte[], byte[]>> records) {
    int offered = 0;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (record.value() == null) {
        continue; // a tombstone retires a key; the model in service stays
      }
      Header signature = record.headers().lastHeader(SIGNATURE_HEADER);
      registry.offer(record.topic() + "-" + record.partition() + "@" + record.offset(), record.value(),
          signature == null ? null : new String(signature.value(), StandardCharsets.US_ASCII));
      offered++;
    }
    return offered;
  }

  @Override
  public String name() {
    return "model-topic";
  }

  @Override
  public Optional<String> deathCause() {
    return Optional.ofNullable(deathCause.get());
  }

  @Override
  public long failedAttempts() {
    return failedAttempts.sum();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    closing.countDown(); // ends a retry pause
    if (thread.isAlive()) {
      consumer.wakeup(); // ends a poll
      thread.join(10_000); // the reader closes the consumer on its way out
    } else if (thread.getState() == Thread.State.NEW) {
      consumer.close(Duration.ofSeconds(5)); // never started
    }
  }
}
