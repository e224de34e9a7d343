package io.ltvstream.scorer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.model.ModelBundle;
import io.ltvstream.testkit.TinyModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gate every bundle passes, with real bundles from the trainer and real damage to them. */
class ModelRegistryTest {
  private static byte[] good;
  private static byte[] other;
  private static String goodVersion;
  private final BundleSignature signature =
      new BundleSignature("model-signing-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  @BeforeAll
  static void bundles() throws IOException {
    ModelBundle bundle = TinyModel.bundle(7);
    good = bundle.toBytes();
    goodVersion = bundle.version();
    other = TinyModel.bundle(8).toBytes();
  }

  private static ModelRegistry<ModelBundle> registry(BundleSignature signature) {
    return new ModelRegistry<>(ModelBundle::read, ModelBundle::version, signature);
  }

  @Test
  void aCorruptBundleIsRefusedAndTheModelInServiceStays() {
    ModelRegistry<ModelBundle> registry = registry(null);
    assertThat(registry.offer("good", good, null)).isEqualTo(ModelRegistry.Outcome.LOADED);
    ModelBundle inService = registry.get();

    byte[] flipped = good.clone();
    flipped[flipped.length - 400] ^= 0x5A; // inside the last entry's data, before the zip directory
    byte[] truncated = Arrays.copyOf(good, good.length / 3);
    byte[] garbage = "not a bundle at all".getBytes(StandardCharsets.UTF_8);

    assertThat(registry.offer("flipped", flipped, null)).isEqualTo(ModelRegistry.Outcome.REFUSED_CORRUPT);
    assertThat(registry.offer("truncated", truncated, null)).isEqualTo(ModelRegistry.Outcome.REFUSED_CORRUPT);
    assertThat(registry.offer("garbage", garbage, null)).isEqualTo(ModelRegistry.Outcome.REFUSED_CORRUPT);
    assertThat(registry.get()).isSameAs(inService);
    assertThat(registry.currentVersion()).contains(goodVersion);
  }

  @Test
  void aWellFormedBundleWhoseNetworkDoesNotMatchItsSha256IsRefused() throws IOException {
    ModelRegistry<ModelBundle> registry = registry(null);
    registry.offer("good", good, null);
    assertThat(registry.offer("tampered", withNetworkOf(good, other), null))
        .isEqualTo(ModelRegistry.Outcome.REFUSED_CORRUPT);
    assertThat(registry.currentVersion()).contains(goodVersion);
  }

  /** {@code metadata}'s bundle with {@code network}'s network entry: a valid zip, a wrong hash. */
  private static byte[] withNetworkOf(byte[] metadata, byte[] network) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (var entry : entries(metadata).entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getKey().equals("network.zip") ? entries(network).get("network.zip") : entry.getValue());
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    assertThat(entries).containsKeys("metadata.json", "network.zip");
    return entries;
  }

  @Test
  void theSameVersionAgainIsNoSwap() {
    ModelRegistry<ModelBundle> registry = registry(null);
    registry.offer("good", good, null);
    ModelBundle inService = registry.get();
    assertThat(registry.offer("again", good, null)).isEqualTo(ModelRegistry.Outcome.SAME_VERSION);
    assertThat(registry.get()).isSameAs(inService);
  }

  @Test
  void withASigningKeyOnlySignedBundlesGoIntoService() {
    ModelRegistry<ModelBundle> registry = registry(signature);
    assertThat(registry.offer("unsigned", good, null)).isEqualTo(ModelRegistry.Outcome.REFUSED_UNSIGNED);
    assertThat(registry.currentVersion()).isEmpty();
    assertThatThrownBy(registry::get).hasMessageContaining("no model bundle loaded");

    assertThat(registry.offer("signed", good, signature.sign(good))).isEqualTo(ModelRegistry.Outcome.LOADED);
    assertThat(registry.offer("signed for another bundle", other, signature.sign(good)))
        .isEqualTo(ModelRegistry.Outcome.REFUSED_UNSIGNED);
    assertThat(registry.currentVersion()).contains(goodVersion);
  }
}
