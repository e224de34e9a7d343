package io.ltvstream.scorer.service;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The settings the scorer knows: its own {@code scorer.*} keys (the one list, {@link #SCORER};
 * docs/scorer.md's configuration table lists the same keys, and a test holds the two together) and
 * Kafka's, as Kafka Streams and its clients document them. A misspelled {@code scorer.*} key stops
 * the start, naming the nearest known key.
 */
public final class ScorerKeys {
  /** Every {@code scorer.*} key the service reads. To add a key: one line here, one row in docs/scorer.md. */
  static final Set<String> SCORER = Set.of(
      "scorer.topic.events",
      "scorer.topic.scores",
      "scorer.topic.dlq",
      "scorer.topic.models",
      "scorer.topic.profiles",
      "scorer.grace",
      "scorer.recent.steps",
      "scorer.idle.after",
      "scorer.idle.scan.interval",
      "scorer.idle.clock",
      "scorer.engine",
      "scorer.monitoring.window",
      "scorer.monitoring.drift.threshold",
      "scorer.monitoring.drift.min.users",
      "scorer.monitoring.sample.size",
      "scorer.monitoring.scan.batch",
      "scorer.segment.new.days",
      "scorer.segment.active.p",
      "scorer.segment.dormant.p",
      "scorer.segment.high.value",
      "scorer.segment.high.past.spend",
      "scorer.model.path",
      "scorer.model.watch.dir",
      "scorer.model.watch.glob",
      "scorer.model.watch.interval",
      "scorer.model.pin",
      "scorer.model.signing.key",
      "scorer.model.signing.key.file",
      "scorer.stream.thread.replacements.max",
      "scorer.stream.thread.replacements.window",
      "scorer.schemas.dir",
      "scorer.http.host",
      "scorer.http.port",
      "scorer.http.advertised",
      "scorer.http.max.in.flight",
      "scorer.http.tokens",
      "scorer.http.tokens.file",
      "scorer.http.forward",
      "scorer.http.peer.timeout",
      "scorer.http.tls.keystore",
      "scorer.http.tls.keystore.password",
      "scorer.http.tls.keystore.password.file",
      "scorer.http.tls.keystore.type",
      "scorer.http.tls.truststore",
      "scorer.http.tls.truststore.password",
      "scorer.http.tls.truststore.password.file",
      "scorer.http.tls.truststore.type");

  /**
   * Environment variables under {@code LTV_SCORER_} that belong to the project's tools, not to the
   * service (the container tests' image name): neither taken nor refused.
   */
  static final Set<String> TOOL_VARIABLES = Set.of("LTV_SCORER_IMAGE");

  /** Prefixes under which Kafka Streams passes a client's or a topic's setting on. */
  private static final List<String> KAFKA_PREFIXES = List.of(StreamsConfig.MAIN_CONSUMER_PREFIX,
      StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
      StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.TOPIC_PREFIX);
  private static final Set<String> KAFKA = kafkaKeys();
  /** Farthest a known key may be from a misspelled one to be suggested (edits: insert, delete, change, swap). */
  private static final int SUGGESTION_DISTANCE = 3;

  private ScorerKeys() {}

  static boolean isScorerKey(String key) {
    return key.startsWith(ScorerConfig.OWN_PREFIX);
  }

  static boolean isKnown(String key) {
    return isScorerKey(key) ? SCORER.contains(key) : isKafkaKey(key);
  }

  /** A key Kafka Streams or one of its clients documents, bare or under a Streams prefix. */
  static boolean isKafkaKey(String key) {
    if (KAFKA.contains(key) || key.startsWith(StreamsConfig.CLIENT_TAG_PREFIX)) {
      return true;
    }
    return KAFKA_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && KAFKA.contains(key.substring(p.length())));
  }

  /** Fails on an unknown {@code scorer.*} key, naming the nearest known key when one is close. */
  static void requireKnown(String key, String source) {
    if (isScorerKey(key) && !SCORER.contains(key)) {
      throw new IllegalArgumentException("unknown setting " + key + source
          + nearest(key).map(k -> ": did you mean " + k + "?").orElse(": docs/scorer.md lists every scorer.* key"));
    }
  }

  /** The known {@code scorer.*} key nearest to {@code key}, if it is within a few edits. */
  static Optional<String> nearest(String key) {
    return SCORER.stream()
        .filter(k -> distance(k, key) <= SUGGESTION_DISTANCE)
        .min(Comparator.comparingInt((String k) -> distance(k, key)).thenComparing(Comparator.naturalOrder()));
  }

  /** Edit distance with adjacent swaps (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + change);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static Set<String> kafkaKeys() {
    Set<String> keys = new HashSet<>(StreamsConfig.configDef().names());
    keys.addAll(ConsumerConfig.configNames());
    keys.addAll(ProducerConfig.configNames());
    keys.addAll(AdminClientConfig.configNames());
    for (Field field : TopicConfig.class.getFields()) { // TopicConfig has its names as constants only
      if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")
          && field.getType() == String.class) {
        try {
          keys.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Set.copyOf(keys);
  }
}
