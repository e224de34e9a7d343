package io.ltvstream.scorer.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * group, so each one ends on the latest bundle; compaction keeps the topic small.
 */
public final class ModelTopicWatcher implements AutoCloseable {
  public static final String SIGNATURE_HEADER = "ltv.model.hmac";
  private static final Logger LOG = LoggerFactory.getLogger(ModelTopicWatcher.class);

  private final String topic;
  private final ModelRegistry<?> registry;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
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
    this.thread = new Thread(this::run, "ltv-model-topic");
    this.thread.setDaemon(true);
  }

  public void start() {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException("model topic " + topic + " does not exist; create it"
          + " (cleanup.policy=compact) or leave scorer.topic.models empty");
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
    LOG.info("reading model bundles from topic {} ({} partitions)", topic, partitions.size());
  }

  private void run() {
    try {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          if (record.value() == null) {
            continue; // a tombstone retires a key; the model in service stays
          }
          Header signature = record.headers().lastHeader(SIGNATURE_HEADER);
          registry.offer(record.topic() + "-" + record.partition() + "@" + record.offset(),
              record.value(),
              signature == null ? null : new String(signature.value(), StandardCharsets.US_ASCII));
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("model topic {} reader stopped; the model in service stays", topic, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    if (thread.isAlive()) {
      consumer.wakeup();
      thread.join(10_000); // the reader closes the consumer on its way out
    } else if (thread.getState() == Thread.State.NEW) {
      consumer.close(Duration.ofSeconds(5)); // never started
    }
  }
}
