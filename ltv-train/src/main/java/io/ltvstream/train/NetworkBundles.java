package io.ltvstream.train;

import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.InvalidModelBundleException;
import io.ltvstream.model.NetworkWeights;
import io.ltvstream.model.ModelBundle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Between DL4J networks and model bundles: a bundle from a trained network (serialized for the
 * reference engine, and its weights exported as float arrays for the kernel), the network back
 * from a bundle, and the re-export of a bundle written before bundles carried exported weights.
 */
public final class NetworkBundles {
  /** The loss class's name in networks trained before the module split; DL4J stores class names. */
  static final String LEGACY_LOSS_CLASS = "io.ltvstream.scorer.model.DecayingRateLoss";
  private static final String CONFIGURATION_ENTRY = "configuration.json";
  /** The time of every entry of a serialized network: the zip format's earliest. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private NetworkBundles() {}

  /** A bundle of {@code network} with {@code draft}'s metadata. */
  public static ModelBundle of(MultiLayerNetwork network, BundleMetadata draft) {
    return ModelBundle.create(draft, exportWeights(network), serialize(network));
  }

  /**
   * The network as DL4J serializes it, with every zip entry's time fixed: DL4J stamps the entries
   * with the clock, and the bundle's version hashes these bytes, so without it the same network
   * written two seconds apart would be two versions.
   */
  static byte[] serialize(MultiLayerNetwork network) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(network, bytes, false);
      return rewrite(bytes.toByteArray(), (name, content) -> content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bundle's DL4J network, restored from its serialized entry (a new instance per call). */
  public static MultiLayerNetwork network(ModelBundle bundle) {
    return restore(bundle.networkBytes(), bundle.version());
  }

  /**
   * Re-exports a {@link ModelBundle#LEGACY_FORMAT} bundle into the current format: the same
   * network and metadata, now with exported weights (so with a new version, derived from them).
   */
  public static ModelBundle upgrade(byte[] legacyBundle, String source) throws InvalidModelBundleException {
    ModelBundle.Legacy legacy = ModelBundle.readLegacy(legacyBundle, source);
    try {
      return of(restore(renameLegacyLoss(legacy.networkBytes()), source), legacy.metadata());
    } catch (IOException | RuntimeException e) {
      throw new InvalidModelBundleException("Model bundle " + source + " has an unexpected network: " + e.getMessage(), e);
    }
  }

  /** The recurrent (LSTM or GRU), dense and output layers' parameters as float arrays, in DL4J's layout. */
  static NetworkWeights exportWeights(MultiLayerNetwork network) {
    Layer[] layers = network.getLayers();
    if (layers.length != 3) {
      throw new IllegalArgumentException("Expected recurrent, dense and output layers, found " + layers.length
          + " layers");
    }
    Map<String, INDArray> recurrent = layers[0].paramTable();
    Map<String, INDArray> dense = layers[1].paramTable();
    Map<String, INDArray> out = layers[2].paramTable();
    if (!recurrent.containsKey(GruLayer.RECURRENT_WEIGHTS)) {
      throw new IllegalArgumentException("First layer is not recurrent: " + recurrent.keySet());
    }
    return new NetworkWeights(LtvNetwork.cell(network), matrix(recurrent.get(GruLayer.WEIGHTS)),
        matrix(recurrent.get(GruLayer.RECURRENT_WEIGHTS)), vector(recurrent.get(GruLayer.BIAS)),
        matrix(dense.get("W")), vector(dense.get("b")), matrix(out.get("W")), vector(out.get("b")));
  }

  /** The serialized network with its loss class under its current name (DecayingRateLoss moved to ltv-train). */
  static byte[] renameLegacyLoss(byte[] networkBytes) throws IOException {
    return rewrite(networkBytes, (name, content) -> name.equals(CONFIGURATION_ENTRY)
        ? new String(content, StandardCharsets.UTF_8).replace(LEGACY_LOSS_CLASS, DecayingRateLoss.class.getName())
            .getBytes(StandardCharsets.UTF_8)
        : content);
  }

  /** The zip {@code networkBytes} with each entry's content passed through {@code edit}, every entry at {@link #ENTRY_TIME}. */
  private static byte[] rewrite(byte[] networkBytes, BiFunction<String, byte[], byte[]> edit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(networkBytes));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        ZipEntry fixed = new ZipEntry(entry.getName());
        fixed.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(fixed);
        zip.write(edit.apply(entry.getName(), in.readAllBytes()));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static MultiLayerNetwork restore(byte[] networkBytes, String source) {
    try {
      return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(networkBytes), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Model bundle " + source + " has an unreadable network: " + e.getMessage(), e);
    }
  }

  private static float[][] matrix(INDArray m) {
    return m.castTo(DataType.FLOAT).toFloatMatrix();
  }

  private static float[] vector(INDArray v) {
    return v.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
  }
}
