package io.ltvstream.it.containers;

import io.ltvstream.testkit.TinyModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the scorer scenarios share, as a JUnit extension on a static field
 * ({@code @RegisterExtension static final ScorerStack stack = new ScorerStack();}): before the
 * class, the tiny model bundle and a containerized broker on its own network with the product's
 * topics (4 partitions each); after it, the broker stopped; in between, scorer containers on that
 * network serving the bundle.
 */
final class ScorerStack implements BeforeAllCallback, AfterAllCallback {
  /** How long a scenario waits for the scores it expects. */
  static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final int PARTITIONS = 4;

  private Path bundle;
  private ContainerizedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    bundle = TinyModel.file();
    kafka = ContainerizedKafka.start(PARTITIONS);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (kafka != null) {
      kafka.close();
    }
  }

  ContainerizedKafka kafka() {
    return kafka;
  }

  /** A scorer container (not started yet) on the broker's network, with the tiny model. */
  ScorerContainer scorer(String alias, String applicationId) {
    return new ScorerContainer(kafka.network(), ContainerizedKafka.INTERNAL_BOOTSTRAP, alias, applicationId, bundle);
  }

  /**
   * A scorer container from the image's sample config that differs from its peers in its host name
   * only: no advertised address set by hand.
   */
  ScorerContainer scorerFromSampleConfig(String host, String applicationId) {
    return new ScorerContainer(kafka.network(), ContainerizedKafka.INTERNAL_BOOTSTRAP, host, applicationId, bundle, false);
  }

  /** Seconds from one instant to another, for the figures the scenarios print. */
  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
