package io.ltvstream.scorer.service;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The scorer's configuration: a properties file whose every key can be overridden by an
 * environment variable. Keys starting with {@code scorer.} are the scorer's own; every other key
 * is passed to Kafka Streams (and through it to its clients), so TLS, SASL and any Streams tuning
 * are set the way Kafka documents them.
 *
 * <p>Environment: {@code LTV_} followed by the key in upper case with dots as underscores, for
 * example {@code LTV_BOOTSTRAP_SERVERS} for {@code bootstrap.servers} or
 * {@code LTV_SCORER_HTTP_PORT} for {@code scorer.http.port}. Kafka keys contain no underscores, so
 * the mapping is unambiguous. Environment wins over the file.
 */
public final class ScorerConfig {
  public static final String ENV_PREFIX = "LTV_";
  static final String OWN_PREFIX = "scorer.";

  private final Map<String, String> values;

  private ScorerConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Reads {@code file} (may be null for environment only) and applies the process environment. */
  public static ScorerConfig load(Path file) throws IOException {
    return load(file, System.getenv());
  }

  public static ScorerConfig load(Path file, Map<String, String> environment) throws IOException {
    Map<String, String> merged = new TreeMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      properties.stringPropertyNames().forEach(k -> merged.put(k, properties.getProperty(k).trim()));
    }
    environment.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        merged.put(keyOf(name), value.trim());
      }
    });
    return new ScorerConfig(merged);
  }

  public static ScorerConfig of(Map<String, String> values) {
    return new ScorerConfig(values);
  }

  /** {@code LTV_SCORER_HTTP_PORT -> scorer.http.port}. */
  static String keyOf(String environmentName) {
    return environmentName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  public Optional<String> get(String key) {
    String value = values.get(key);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  public String get(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  public String required(String key) {
    return get(key).orElseThrow(() -> new IllegalArgumentException(
        "missing setting " + key + " (or environment " + environmentName(key) + ")"));
  }

  public int getInt(String key, int fallback) {
    return get(key).map(v -> parse(key, v, Integer::parseInt)).orElse(fallback);
  }

  public double getDouble(String key, double fallback) {
    return get(key).map(v -> parse(key, v, Double::parseDouble)).orElse(fallback);
  }

  public boolean getBoolean(String key, boolean fallback) {
    return get(key).map(v -> parse(key, v, ScorerConfig::strictBoolean)).orElse(fallback);
  }

  /** An ISO-8601 duration ({@code PT72H}, {@code P30D}); empty means "not set". */
  public Optional<Duration> getDuration(String key) {
    return get(key).map(v -> parse(key, v, Duration::parse));
  }

  public Duration getDuration(String key, Duration fallback) {
    return getDuration(key).orElse(fallback);
  }

  public Optional<Path> getPath(String key) {
    return get(key).map(Path::of);
  }

  /** Every key not owned by the scorer, for Kafka Streams and its clients. */
  public Properties kafkaProperties() {
    Properties kafka = new Properties();
    values.forEach((k, v) -> {
      if (!k.startsWith(OWN_PREFIX)) {
        kafka.put(k, v);
      }
    });
    return kafka;
  }

  public static String environmentName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  private static boolean strictBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not true or false");
    };
  }

  private interface Parser<T> {
    T parse(String value);
  }

  private static <T> T parse(String key, String value, Parser<T> parser) {
    try {
      return parser.parse(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "setting " + key + "=" + value + " is invalid: " + e.getMessage(), e);
    }
  }
}
