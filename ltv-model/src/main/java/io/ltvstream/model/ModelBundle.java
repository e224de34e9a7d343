package io.ltvstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.state.StepVectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ServiceLoader;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A trained model in one file: a zip holding {@code metadata.json} ({@link BundleMetadata}),
 * {@code weights.bin} (the network's weights exported as float arrays, {@link NetworkWeights}), which
 * the kernel engine reads with no DL4J, and {@code network.zip} (the DL4J network as trained, kept
 * for the reference engine and for further training; opaque here). The metadata carries both
 * entries' sha256 and the version is derived from weights and metadata, so a corrupt or tampered
 * bundle is refused on load. Immutable; {@link #newModel} gives per-thread scoring engines.
 */
public final class ModelBundle {
  /** The bundle format this build writes and reads. */
  public static final String FORMAT = "ltv-model-bundle/2";
  /** The format before bundles carried exported weights: refused, with how to upgrade it. */
  public static final String LEGACY_FORMAT = "ltv-model-bundle/1";
  public static final String METADATA_ENTRY = "metadata.json";
  public static final String WEIGHTS_ENTRY = "weights.bin";
  public static final String NETWORK_ENTRY = "network.zip";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final BundleMetadata metadata;
  private final NetworkWeights weights;
  private final byte[] weightsBytes;
  private final byte[] networkBytes;

  private ModelBundle(BundleMetadata metadata, NetworkWeights weights, byte[] weightsBytes, byte[] networkBytes) {
    this.metadata = metadata;
    this.weights = weights;
    this.weightsBytes = weightsBytes;
    this.networkBytes = networkBytes;
  }

  /**
   * A new bundle from exported weights and the serialized training network: computes the hashes
   * and the version (the cell's label, "lstm-" or "gru-", + 12 hex digits of the sha256 of weights
   * and metadata).
   */
  public static ModelBundle create(BundleMetadata draft, NetworkWeights weights, byte[] networkBytes) {
    byte[] weightsBytes = weights.toBytes();
    BundleMetadata unversioned = draft.withVersion(FORMAT, "", sha256(weightsBytes), sha256(networkBytes));
    String version = weights.cell().label() + "-" + contentHash(weightsBytes, unversioned).substring(0, 12);
    return new ModelBundle(unversioned.withVersion(FORMAT, version, unversioned.weightsSha256(),
        unversioned.networkSha256()), weights, weightsBytes, networkBytes);
  }

  /** Reads and verifies a bundle file. */
  public static ModelBundle load(Path file) throws InvalidModelBundleException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidModelBundleException("Cannot read model bundle " + file + ": no such file", e);
    } catch (FileSystemException e) { // its message is the path alone; the reason says why
      throw new InvalidModelBundleException("Cannot read model bundle " + file + ": "
          + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e);
    } catch (IOException e) {
      throw new InvalidModelBundleException("Cannot read model bundle " + file + ": " + e.getMessage(), e);
    }
    return read(bytes, file.toString());
  }

  /** Reads and verifies a bundle from its bytes (for example a record of a models topic). */
  public static ModelBundle read(byte[] bytes, String source) throws InvalidModelBundleException {
    Entries entries = Entries.read(bytes, source);
    BundleMetadata metadata = entries.metadata(source);
    if (LEGACY_FORMAT.equals(metadata.format())) {
      throw new InvalidModelBundleException("Model bundle " + source + " has format " + LEGACY_FORMAT
          + ", written before bundles carried exported weights, so the scorer cannot read it without DL4J."
          + " Re-export it: ./ltv upgrade-bundle --in " + source + " --out NEW.zip");
    }
    if (!FORMAT.equals(metadata.format())) {
      throw new InvalidModelBundleException("Model bundle " + source + " has format " + metadata.format()
          + "; this build reads " + FORMAT);
    }
    if (entries.weights == null || entries.network == null) {
      throw new InvalidModelBundleException("Model bundle " + source + " lacks "
          + (entries.weights == null ? WEIGHTS_ENTRY : NETWORK_ENTRY));
    }
    verify(source, WEIGHTS_ENTRY, entries.weights, metadata.weightsSha256());
    verify(source, NETWORK_ENTRY, entries.network, metadata.networkSha256());
    if (metadata.stepSpecVersion() != StepVectors.STEP_SPEC_VERSION || metadata.featureSpecVersion() < 1
        || metadata.featureSpecVersion() > EventFeatures.FEATURE_SPEC_VERSION
        || (metadata.featureSpec() == null) != (metadata.featureSpecVersion() < FeatureSpec.VERSION)) {
      throw new InvalidModelBundleException("Model bundle " + source + " was trained on feature spec "
          + metadata.featureSpecVersion() + (metadata.featureSpec() == null ? " without" : " with")
          + " dimensions/step spec " + metadata.stepSpecVersion() + "; this build reads feature specs 1 to "
          + EventFeatures.FEATURE_SPEC_VERSION + " (dimensions from " + FeatureSpec.VERSION + ")/step spec "
          + StepVectors.STEP_SPEC_VERSION);
    }
    NetworkWeights weights;
    try {
      weights = NetworkWeights.fromBytes(entries.weights);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidModelBundleException("Model bundle " + source + " has unreadable weights: " + e.getMessage(), e);
    }
    String expectedVersion = weights.cell().label() + "-" + contentHash(entries.weights, metadata).substring(0, 12);
    if (!expectedVersion.equals(metadata.version())) {
      throw new InvalidModelBundleException("Model bundle " + source + " is inconsistent: its content hashes to "
          + expectedVersion + " but it claims version " + metadata.version());
    }
    int inputs = ModelInputs.size(metadata.dimensions());
    if (weights.inputs != inputs) {
      throw new InvalidModelBundleException("Model bundle " + source + " has a network of " + weights.inputs
          + " inputs; its feature spec " + metadata.featureSpecVersion() + " has " + inputs);
    }
    return new ModelBundle(metadata, weights, entries.weights, entries.network);
  }

  /**
   * The metadata and serialized network of a bundle in the {@link #LEGACY_FORMAT}, checked against
   * its recorded network hash, for a re-export by the trainer.
   */
  public static Legacy readLegacy(byte[] bytes, String source) throws InvalidModelBundleException {
    Entries entries = Entries.read(bytes, source);
    BundleMetadata metadata = entries.metadata(source);
    if (!LEGACY_FORMAT.equals(metadata.format()) || entries.network == null) {
      throw new InvalidModelBundleException("Model bundle " + source + " is not a " + LEGACY_FORMAT + " bundle");
    }
    verify(source, NETWORK_ENTRY, entries.network, metadata.networkSha256());
    return new Legacy(metadata, entries.network);
  }

  /** A {@link #LEGACY_FORMAT} bundle's parts. */
  public record Legacy(BundleMetadata metadata, byte[] networkBytes) {}

  /** Writes the bundle atomically (temporary file, then move). */
  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, toBytes());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp); // gone after the move; a failed write or move leaves no half file behind
    }
  }

  /** The bundle file's bytes. */
  public byte[] toBytes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      put(zip, METADATA_ENTRY, JSON.writeValueAsBytes(metadata));
      put(zip, WEIGHTS_ENTRY, weightsBytes);
      put(zip, NETWORK_ENTRY, networkBytes);
    }
    return bytes.toByteArray();
  }

  public String version() {
    return metadata.version();
  }

  public BundleMetadata metadata() {
    return metadata;
  }

  /** The network's recurrent cell (the weights' header). */
  public Cell cell() {
    return weights.cell();
  }

  /** The exported weights the kernel steps. */
  public NetworkWeights weights() {
    return weights;
  }

  /** The serialized DL4J network (for the reference engine and the trainer; a copy). */
  public byte[] networkBytes() {
    return networkBytes.clone();
  }

  /**
   * A new scoring engine over this bundle; not thread-safe, take one per thread.
   *
   * @throws IllegalStateException for {@link Engine#DL4J} when no {@link ReferenceEngine} (ltv-train)
   *     is on the class path
   */
  public LtvModel newModel(Engine engine) {
    return switch (engine) {
      case KERNEL -> new KernelLtvModel(metadata, weights);
      case DL4J -> ServiceLoader.load(ReferenceEngine.class).findFirst()
          .orElseThrow(() -> new IllegalStateException("Engine dl4j needs the DL4J reference engine (module"
              + " ltv-train) on the class path; the scorer service carries only the kernel. Run it with"
              + " ./ltv run, which adds ltv-train when scorer.engine=dl4j, or use scorer.engine=kernel"))
          .newModel(this);
    };
  }

  private static void verify(String source, String entry, byte[] bytes, String recorded)
      throws InvalidModelBundleException {
    String actual = sha256(bytes);
    if (!actual.equals(recorded)) {
      throw new InvalidModelBundleException("Model bundle " + source + " is corrupt: " + entry + " sha256 "
          + actual + " does not match the recorded " + recorded);
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(0);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /**
   * The sha256 of the weights and of every metadata field but the version: any change to either,
   * the training summary included, gives another version.
   */
  private static String contentHash(byte[] weightsBytes, BundleMetadata metadata) {
    MessageDigest digest = digest();
    digest.update(weightsBytes);
    try {
      digest.update(JSON.writeValueAsBytes(metadata.withVersion(metadata.format(), "", metadata.weightsSha256(),
          metadata.networkSha256())));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize bundle metadata", e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("No SHA-256 in this JVM", e);
    }
  }

  /** The raw zip entries of a bundle. */
  private record Entries(byte[] metadata, byte[] weights, byte[] network) {
    static Entries read(byte[] bytes, String source) throws InvalidModelBundleException {
      byte[] metadata = null;
      byte[] weights = null;
      byte[] network = null;
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
        for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
          switch (entry.getName()) {
            case METADATA_ENTRY -> metadata = zip.readAllBytes();
            case WEIGHTS_ENTRY -> weights = zip.readAllBytes();
            case NETWORK_ENTRY -> network = zip.readAllBytes();
            default -> { }
          }
        }
      } catch (IOException e) {
        throw new InvalidModelBundleException("Model bundle " + source + " is not a readable zip: " + e.getMessage(), e);
      }
      if (metadata == null) {
        throw new InvalidModelBundleException("Model bundle " + source + " lacks " + METADATA_ENTRY);
      }
      return new Entries(metadata, weights, network);
    }

    BundleMetadata metadata(String source) throws InvalidModelBundleException {
      try {
        return JSON.readValue(metadata, BundleMetadata.class);
      } catch (IOException e) {
        throw new InvalidModelBundleException("Model bundle " + source + " has unreadable metadata: " + e.getMessage(), e);
      }
    }
  }
}
