package io.ltvstream.scorer;

import io.ltvstream.scorer.service.ScorerConfig;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.scorer.service.ScorerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.Security;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The scorer service's own entry point ({@code ./ltv run}, the scorer image): {@code --config
 * scorer.properties}, every key overridable by an {@code LTV_*} environment variable. Runs until
 * SIGTERM; exit 1 when it cannot start or Kafka Streams ends in ERROR, 2 on a usage error.
 */
public final class ScorerMain {
  static final String USAGE = """
      Usage: ltv run --config scorer.properties
      Runs the streams-scorer service against a Kafka cluster. Every setting can be overridden by an
      environment variable: LTV_ + the key in upper case with dots as underscores
      (LTV_BOOTSTRAP_SERVERS, LTV_SCORER_HTTP_PORT). Stops cleanly on SIGTERM. See docs/scorer.md.""";

  /** The JVM's DNS cache property, and the seconds the service keeps an answer unless told otherwise. */
  static final String DNS_CACHE_TTL = "networkaddress.cache.ttl";
  static final String DNS_CACHE_TTL_SECONDS = "5";

  private ScorerMain() {}

  public static void main(String[] args) {
    boundDnsCache();
    System.exit(run(args));
  }

  /**
   * A broker that restarts in a container or a pod comes back at a new address under the same
   * name. The JVM keeps a resolved name for 30 s by default, so every client of the service would
   * go on connecting to the dead address for that long, each attempt waiting out its connection
   * timeout. Five seconds, unless the operator set the JVM's own property (java.security, or
   * {@code -Dsun.net.inetaddr.ttl}). Before the first lookup: the JVM reads it once.
   */
  static void boundDnsCache() {
    String own = Security.getProperty(DNS_CACHE_TTL);
    if ((own == null || own.isBlank()) && System.getProperty("sun.net.inetaddr.ttl") == null) {
      Security.setProperty(DNS_CACHE_TTL, DNS_CACHE_TTL_SECONDS);
    }
  }

  /** Parses {@code args} and runs the service until it stops; returns the exit code. */
  public static int run(String... args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return 0;
    }
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("ltv run: expected --config FILE\n" + USAGE);
      return 2;
    }
    return run(Path.of(args[1]));
  }

  /** Runs the service on {@code config} until it stops; returns the exit code. */
  public static int run(Path config) {
    try {
      return runOrThrow(config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      System.err.println("ltv run: " + e);
      return 1;
    }
  }

  private static int runOrThrow(Path config) throws Exception {
    ScorerService service;
    try {
      service = ScorerService.start(new ScorerSettings(ScorerConfig.load(config)));
    } catch (IllegalArgumentException | IllegalStateException | IOException | KafkaException e) {
      System.err.println("ltv run: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "ltv-shutdown"));
    service.awaitShutdown();
    return service.streams().state() == KafkaStreams.State.ERROR ? 1 : 0;
  }
}
