package io.ltvstream.scorer.service;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * the mapping is unambiguous. Environment wins over the file. Only variables that name a known key
 * ({@link ScorerKeys}) are taken, so the launcher's own ({@code LTV_JAVA_OPTS}) never reach Kafka.
 * An unknown {@code scorer.*} key, from the file or the environment, stops the start with its name
 * and the nearest known key.
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
      } catch (NoSuchFileException e) { // its message is the bare path
        throw new NoSuchFileException(file.toString(), null, "no such configuration file");
      }
      for (String key : properties.stringPropertyNames()) {
        ScorerKeys.requireKnown(key, " in " + file);
        merged.put(key, properties.getProperty(key).trim());
      }
    }
    environment.forEach((name, value) -> {
      if (isSetting(name)) {
        merged.put(keyOf(name), value.trim());
      }
    });
    return new ScorerConfig(merged);
  }

  /** The given settings; an unknown {@code scorer.*} key fails as in a file. */
  public static ScorerConfig of(Map<String, String> values) {
    values.keySet().forEach(key -> ScorerKeys.requireKnown(key, ""));
    return new ScorerConfig(values);
  }

  /**
   * Whether environment variable {@code name} is a setting: {@code LTV_SCORER_*} always is (and
   * must name a known key), other {@code LTV_*} ones when Kafka knows the key they name.
   */
  private static boolean isSetting(String name) {
    if (!name.startsWith(ENV_PREFIX) || name.length() == ENV_PREFIX.length()
        || ScorerKeys.TOOL_VARIABLES.contains(name)) {
      return false;
    }
    String key = keyOf(name);
    if (ScorerKeys.isScorerKey(key)) {
      ScorerKeys.requireKnown(key, " (environment " + name + ")");
      return true;
    }
    return ScorerKeys.isKafkaKey(key);
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
