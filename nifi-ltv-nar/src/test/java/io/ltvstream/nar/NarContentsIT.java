package io.ltvstream.nar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opens the NAR that {@code package} built and checks what NiFi will load from it. */
class NarContentsIT {
  private static final String BUNDLED = "META-INF/bundled-dependencies/";
  private static Path nar;

  @BeforeAll
  static void findNar() {
    nar = Path.of(System.getProperty("nar.file", "target/nifi-ltv-nar-0.1.0-SNAPSHOT.nar"));
    assertThat(nar).as("the NAR built by package").isRegularFile();
  }

  private static List<String> bundledJars() throws IOException {
    List<String> jars = new ArrayList<>();
    try (JarFile file = new JarFile(nar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith(BUNDLED) && name.endsWith(".jar")) {
          jars.add(name.substring(BUNDLED.length()));
        }
      }
    }
    return jars;
  }

  @Test
  void itsParentIsTheStandardServicesApiNarOfNifi260() throws IOException {
    try (JarFile file = new JarFile(nar.toFile())) {
      Attributes manifest = file.getManifest().getMainAttributes();
      assertThat(manifest.getValue("Nar-Id")).isEqualTo("nifi-ltv-nar");
      assertThat(manifest.getValue("Nar-Dependency-Group")).isEqualTo("org.apache.nifi");
      assertThat(manifest.getValue("Nar-Dependency-Id")).isEqualTo("nifi-standard-services-api-nar");
      assertThat(manifest.getValue("Nar-Dependency-Version")).isEqualTo("2.6.0");
    }
  }

  @Test
  void itCarriesNoDeepLearningKafkaOrNifiJars() throws IOException {
    List<String> jars = bundledJars();
    assertThat(jars).contains("nifi-ltv-processors-0.1.0-SNAPSHOT.jar", "ltv-core-0.1.0-SNAPSHOT.jar",
        "schemas-0.1.0-SNAPSHOT.jar");
    assertThat(jars).noneMatch(jar -> jar.startsWith("deeplearning4j") || jar.startsWith("nd4j")
        || jar.startsWith("javacpp") || jar.startsWith("openblas"));
    assertThat(jars).noneMatch(jar -> jar.startsWith("kafka"));
    // NiFi and the parent NAR provide these; a second copy would shadow or clash.
    assertThat(jars).noneMatch(jar -> jar.startsWith("nifi-api") || jar.startsWith("nifi-utils")
        || jar.startsWith("nifi-record") || jar.startsWith("nifi-distributed-cache")
        || jar.startsWith("slf4j"));
  }

  @Test
  void itsServiceFilesListTheFourProcessorsAndTheWriter() throws IOException {
    assertThat(serviceFile("org.apache.nifi.processor.Processor")).containsExactlyInAnyOrder(
        "io.ltvstream.nifi.CleanUserEvents", "io.ltvstream.nifi.DeduplicateUserEvents",
        "io.ltvstream.nifi.EngineerEventFeatures", "io.ltvstream.nifi.CleanUserProfiles");
    assertThat(serviceFile("org.apache.nifi.controller.ControllerService"))
        .containsExactly("io.ltvstream.nifi.avro.LtvAvroMessageWriter");
  }

  @Test
  void itsExtensionManifestDocumentsEveryComponent() throws IOException {
    String manifest = entryText("META-INF/docs/extension-manifest.xml");
    assertThat(manifest).contains("<name>io.ltvstream.nifi.CleanUserEvents</name>",
        "<name>io.ltvstream.nifi.DeduplicateUserEvents</name>", "<name>io.ltvstream.nifi.EngineerEventFeatures</name>",
        "<name>io.ltvstream.nifi.avro.LtvAvroMessageWriter</name>");
    for (String component : List.of("io.ltvstream.nifi.CleanUserEvents", "io.ltvstream.nifi.DeduplicateUserEvents",
        "io.ltvstream.nifi.EngineerEventFeatures", "io.ltvstream.nifi.avro.LtvAvroMessageWriter")) {
      assertThat(entryText("META-INF/docs/additional-details/" + component + "/additionalDetails.md"))
          .as(component).isNotBlank();
    }
  }

  /** The lines of a META-INF/services file inside the bundled processors jar. */
  private static List<String> serviceFile(String service) throws IOException {
    byte[] processorsJar = entryBytes(BUNDLED + "nifi-ltv-processors-0.1.0-SNAPSHOT.jar");
    try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(processorsJar))) {
      ZipEntry entry;
      while ((entry = jar.getNextEntry()) != null) {
        if (entry.getName().equals("META-INF/services/" + service)) {
          return new String(jar.readAllBytes(), StandardCharsets.UTF_8).lines()
              .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
      }
    }
    throw new AssertionError("no META-INF/services/" + service + " in the processors jar");
  }

  private static String entryText(String name) throws IOException {
    return new String(entryBytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] entryBytes(String name) throws IOException {
    try (JarFile file = new JarFile(nar.toFile())) {
      JarEntry entry = file.getJarEntry(name);
      assertThat(entry).as(name + " in " + nar.getFileName()).isNotNull();
      try (InputStream in = file.getInputStream(entry)) {
        return in.readAllBytes();
      }
    }
  }
}
