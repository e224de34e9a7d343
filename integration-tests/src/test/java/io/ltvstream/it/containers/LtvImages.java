package io.ltvstream.it.containers;

import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The locally built images the container tests run, and the rule that none is ever pulled.
 *
 * <p>Names come from {@code LTV_KAFKA_IMAGE} / {@code LTV_SCORER_IMAGE} (written by the setup
 * script), else the defaults below. An absent image skips the test with the command that builds
 * it, unless {@code LTV_CONTAINER_IMAGES_REQUIRED=true} (CI after a successful setup), where it
 * fails: a built engine with missing images is then a bug, not a machine without containers.
 */
final class LtvImages {
  static final DockerImageName KAFKA = DockerImageName
      .parse(setting("LTV_KAFKA_IMAGE", "localhost/ltv-kafka:4.3.1"))
      .asCompatibleSubstituteFor("apache/kafka");
  static final DockerImageName SCORER = DockerImageName
      .parse(setting("LTV_SCORER_IMAGE", "localhost/ltv-scorer:" + projectVersion()));

  /** Images are built here; a registry is neither reachable nor wanted. */
  static final ImagePullPolicy NEVER_PULL = image -> false;

  private LtvImages() {}

  static KafkaContainer kafka() {
    requirePresent(KAFKA);
    return new KafkaContainer(KAFKA).withImagePullPolicy(NEVER_PULL);
  }

  static void requirePresent(DockerImageName image) {
    try {
      DockerClientFactory.lazyClient().inspectImageCmd(image.asCanonicalNameString()).exec();
    } catch (NotFoundException e) {
      String message = "image " + image.asCanonicalNameString() + " is not built: run "
          + "integration-tests/containers/setup (Podman) or see README, 'Container tests with Docker'";
      if (Boolean.parseBoolean(setting("LTV_CONTAINER_IMAGES_REQUIRED", "false"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
  }

  private static String projectVersion() {
    String version = LtvImages.class.getPackage().getImplementationVersion();
    return version != null ? version : System.getProperty("ltv.version", "0.1.0-SNAPSHOT");
  }

  private static String setting(String name, String fallback) {
    String value = System.getProperty(name, System.getenv(name));
    return value == null || value.isBlank() ? fallback : value;
  }
}
