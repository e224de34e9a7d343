package io.ltvstream.scorer.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.state.StepVectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained model in one file: a zip holding {@code metadata.json} ({@link BundleMetadata}) and
 * {@code network.zip} (the DL4J MultiLayerNetwork as ModelSerializer writes it). The metadata
 * carries the network entry's sha256 and the version is derived from weights and metadata, so a
 * corrupt or tampered bundle is refused on load. Immutable; {@link #newModel} gives per-thread
 * scoring engines.
 */
public final class ModelBundle {
  /** The bundle format this build writes and reads. */
  public static final String FORMAT = "ltv-model-bundle/1";
  static final String METADATA_ENTRY = "metadata.json";
  static final String NETWORK_ENTRY = "network.zip";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final BundleMetadata metadata;
  private final MultiLayerNetwork network;
  private final byte[] networkBytes;
  private final LstmWeights weights;

  private ModelBundle(BundleMetadata metadata, MultiLayerNetwork network, byte[] networkBytes) {
    this.metadata = metadata;
    this.network = network;
    this.networkBytes = networkBytes;
    this.weights = LstmWeights.of(network);
  }

  /** Wraps a freshly trained network: computes the network hash and the version. */
  static ModelBundle create(MultiLayerNetwork network, BundleMetadata draft) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(network, bytes, false);
    byte[] networkBytes = bytes.toByteArray();
    String version = "lstm-" + contentHash(network, draft).substring(0, 12);
    BundleMetadata metadata = draft.withVersion(version, sha256(networkBytes));
    return new ModelBundle(metadata, network, networkBytes);
  }

  /** Reads and verifies a bundle file. */
  public static ModelBundle load(Path file) throws InvalidModelBundleException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidModelBundleException("Cannot read model bundle " + file + ": " + e.getMessage(), e);
    }
    return read(bytes, file.toString());
  }

  /** Reads and verifies a bundle from its bytes (for example a record of a models topic). */
  public static ModelBundle read(byte[] bytes, String source) throws InvalidModelBundleException {
    byte[] metadataBytes = null;
    byte[] networkBytes = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (METADATA_ENTRY.equals(entry.getName())) {
          metadataBytes = zip.readAllBytes();
        } else if (NETWORK_ENTRY.equals(entry.getName())) {
          networkBytes = zip.readAllBytes();
        }
      }
    } catch (IOException e) {
      throw new InvalidModelBundleException("Model bundle " + source + " is not a readable zip: " + e.getMessage(), e);
    }
    if (metadataBytes == null || networkBytes == null) {
      throw new InvalidModelBundleException("Model bundle " + source + " lacks "
          + (metadataBytes == null ? METADATA_ENTRY : NETWORK_ENTRY));
    }
    BundleMetadata metadata;
    try {
      metadata = JSON.readValue(metadataBytes, BundleMetadata.class);
    } catch (IOException e) {
      throw new InvalidModelBundleException("Model bundle " + source + " has unreadable metadata: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(metadata.format())) {
      throw new InvalidModelBundleException("Model bundle " + source + " has format " + metadata.format()
          + "; this build reads " + FORMAT);
    }
    String actual = sha256(networkBytes);
    if (!actual.equals(metadata.networkSha256())) {
      throw new InvalidModelBundleException("Model bundle " + source + " is corrupt: network sha256 "
          + actual + " does not match the recorded " + metadata.networkSha256());
    }
    if (metadata.stepSpecVersion() != StepVectors.STEP_SPEC_VERSION
        || metadata.featureSpecVersion() != EventFeatures.FEATURE_SPEC_VERSION) {
      throw new InvalidModelBundleException("Model bundle " + source + " was trained on feature spec "
          + metadata.featureSpecVersion() + "/step spec " + metadata.stepSpecVersion() + "; this build has "
          + EventFeatures.FEATURE_SPEC_VERSION + "/" + StepVectors.STEP_SPEC_VERSION);
    }
    MultiLayerNetwork network;
    try {
      network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(networkBytes), false);
    } catch (IOException | RuntimeException e) {
      throw new InvalidModelBundleException("Model bundle " + source + " has an unreadable network: " + e.getMessage(), e);
    }
    String expectedVersion = "lstm-" + contentHash(network, metadata).substring(0, 12);
    if (!expectedVersion.equals(metadata.version())) {
      throw new InvalidModelBundleException("Model bundle " + source + " is inconsistent: its content hashes to "
          + expectedVersion + " but it claims version " + metadata.version());
    }
    try {
      return new ModelBundle(metadata, network, networkBytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidModelBundleException("Model bundle " + source + " has an unexpected network: " + e.getMessage(), e);
    }
  }

  /** Writes the bundle atomically (temporary file, then move). */
  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    Files.write(tmp, toBytes());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The bundle file's bytes. */
  public byte[] toBytes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      ZipEntry meta = new ZipEntry(METADATA_ENTRY);
      meta.setTime(0);
      zip.putNextEntry(meta);
      zip.write(JSON.writeValueAsBytes(metadata));
      zip.closeEntry();
      ZipEntry net = new ZipEntry(NETWORK_ENTRY);
      net.setTime(0);
      zip.putNextEntry(net);
      zip.write(networkBytes);
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  public String version() {
    return metadata.version();
  }

  public BundleMetadata metadata() {
    return metadata;
  }

  /** A new scoring engine over this bundle; not thread-safe, take one per thread. */
  public LtvModel newModel(Engine engine) {
    return switch (engine) {
      case KERNEL -> new KernelLtvModel(metadata, weights);
      case DL4J -> new Dl4jLtvModel(metadata, network.clone());
    };
  }

  /** The DL4J network (the reference; callers must not train or step it concurrently). */
  MultiLayerNetwork network() {
    return network;
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static String contentHash(MultiLayerNetwork network, BundleMetadata metadata) {
    MessageDigest digest = digest();
    float[] params = network.params().toFloatVector();
    ByteBuffer buffer = ByteBuffer.allocate(4 * params.length);
    for (float p : params) {
      buffer.putFloat(p);
    }
    digest.update(buffer.array());
    digest.update((metadata.seed() + metadata.horizonDays() + metadata.units()
        + java.util.Arrays.toString(metadata.normalizationMean())
        + java.util.Arrays.toString(metadata.normalizationScale())
        + metadata.transactionScale() + metadata.spendScale() + metadata.referenceHorizonDays()
        + metadata.baseline())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("No SHA-256 in this JVM", e);
    }
  }
}
