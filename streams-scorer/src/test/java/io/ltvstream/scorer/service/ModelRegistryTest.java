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
import java.util.List;
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
    return new ModelRegistry<>(ModelBundle::read, BundleIdentity::of, signature, null);
  }

  private static ModelRegistry<ModelBundle> pinned(String version) {
    return new ModelRegistry<>(ModelBundle::read, BundleIdentity::of, null, version);
  }

  @Test
  void anOlderBundleNeverReplacesANewerOne() throws IOException {
    ModelBundle january = Bundles.trained(7, "2026-01-10T00:00:00Z", "2026-01-09");
    ModelBundle february = Bundles.trained(8, "2026-02-10T00:00:00Z", "2026-02-09");
    ModelRegistry<ModelBundle> registry = registry(null);
    assertThat(registry.offer("february", february.toBytes(), null)).isEqualTo(ModelRegistry.Outcome.LOADED);
    assertThat(registry.offer("january", january.toBytes(), null)).isEqualTo(ModelRegistry.Outcome.REFUSED_OLDER);
    assertThat(registry.currentVersion()).contains(february.version());
  }

  @Test
  void trainingOnLaterDataMakesABundleNewerThanOneCreatedLaterOnEarlierData() throws IOException {
    ModelBundle laterData = Bundles.trained(7, "2026-02-01T00:00:00Z", "2026-01-31");
    ModelBundle backfill = Bundles.trained(8, "2026-03-01T00:00:00Z", "2025-12-31");
    ModelBundle retrained = Bundles.trained(8, "2026-02-02T00:00:00Z", "2026-01-31");
    ModelRegistry<ModelBundle> registry = registry(null);
    registry.offer("later data", laterData.toBytes(), null);
    assertThat(registry.offer("backfill", backfill.toBytes(), null)).isEqualTo(ModelRegistry.Outcome.REFUSED_OLDER);
    assertThat(registry.offer("retrained", retrained.toBytes(), null)).isEqualTo(ModelRegistry.Outcome.LOADED);
    assertThat(registry.currentVersion()).contains(retrained.version());
  }

  @Test
  void whateverOrderBundlesArriveInTheNewestEndsInService() throws IOException {
    List<ModelBundle> bundles = List.of(Bundles.trained(7, "2026-01-01T00:00:00Z", "2025-12-31"),
        Bundles.trained(8, "2026-01-02T00:00:00Z", "2025-12-31"),
        Bundles.trained(7, "2026-01-03T00:00:00Z", "2026-01-02"));
    for (List<Integer> order : List.of(List.of(0, 1, 2), List.of(2, 1, 0), List.of(1, 2, 0), List.of(2, 0, 1))) {
      ModelRegistry<ModelBundle> registry = registry(null);
      for (int i : order) {
        registry.offer("bundle " + i, bundles.get(i).toBytes(), null);
      }
      assertThat(registry.currentVersion()).as("order " + order).contains(bundles.get(2).version());
    }
  }

  @Test
  void aPinnedVersionGoesIntoServiceEvenWhenOlderAndNoOtherDoes() throws IOException {
    ModelBundle old = Bundles.trained(7, "2026-01-10T00:00:00Z", "2026-01-09");
    ModelBundle newer = Bundles.trained(8, "2026-02-10T00:00:00Z", "2026-02-09");
    ModelRegistry<ModelBundle> registry = pinned(old.version());
    assertThat(registry.offer("newer", newer.toBytes(), null)).isEqualTo(ModelRegistry.Outcome.REFUSED_NOT_PINNED);
    assertThat(registry.currentVersion()).isEmpty();
    assertThat(registry.offer("old", old.toBytes(), null)).isEqualTo(ModelRegistry.Outcome.LOADED);
    assertThat(registry.offer("newer again", newer.toBytes(), null))
        .isEqualTo(ModelRegistry.Outcome.REFUSED_NOT_PINNED);
    assertThat(registry.currentVersion()).contains(old.version());
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
