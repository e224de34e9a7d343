package io.ltvstream.scorer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.model.ModelBundle;
import io.ltvstream.testkit.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryWatcherTest {
  @TempDir Path dir;

  @Test
  void picksUpANewBundleOnceItStopsChangingAndRefusesACorruptOne() throws Exception {
    ModelBundle first = TinyModel.bundle(7);
    ModelBundle second = TinyModel.bundle(8);
    ModelRegistry<ModelBundle> registry = new ModelRegistry<>(
        ModelBundle::read, BundleIdentity::of, null, null);
    try (ModelDirectoryWatcher watcher = new ModelDirectoryWatcher(dir, "*.zip", registry)) {
      assertThat(watcher.poll()).isEmpty();

      write(dir.resolve("model-1.zip"), first.toBytes(), 1);
      assertThat(watcher.poll()).isEmpty(); // seen once: may still be being written
      assertThat(watcher.poll()).contains(ModelRegistry.Outcome.LOADED);
      assertThat(registry.currentVersion()).contains(first.version());
      assertThat(watcher.poll()).isEmpty(); // nothing new

      byte[] corrupt = second.toBytes();
      corrupt[corrupt.length - 400] ^= 0x7F; // inside the last entry's data, before the zip directory
      write(dir.resolve("model-2.zip"), corrupt, 2);
      Files.writeString(dir.resolve("notes.txt"), "not a bundle");
      watcher.poll();
      assertThat(watcher.poll()).contains(ModelRegistry.Outcome.REFUSED_CORRUPT);
      assertThat(registry.currentVersion()).contains(first.version());

      write(dir.resolve("model-3.zip"), second.toBytes(), 3);
      watcher.poll();
      assertThat(watcher.poll()).isEqualTo(Optional.of(ModelRegistry.Outcome.LOADED));
      assertThat(registry.currentVersion()).contains(second.version());
    }
  }

  @Test
  void aSignatureWrittenAfterItsBundleGetsTheBundleIntoService() throws Exception {
    BundleSignature signature = new BundleSignature("model-signing-key-0123456789abcdef".getBytes());
    ModelRegistry<ModelBundle> registry = new ModelRegistry<>(ModelBundle::read, BundleIdentity::of, signature, null);
    byte[] bundle = TinyModel.bundle(7).toBytes();
    try (ModelDirectoryWatcher watcher = new ModelDirectoryWatcher(dir, "*.zip", registry)) {
      write(dir.resolve("model.zip"), bundle, 1);
      watcher.poll();
      assertThat(watcher.poll()).contains(ModelRegistry.Outcome.REFUSED_UNSIGNED); // the .sig is not there yet

      Files.writeString(dir.resolve("model.zip.sig"), signature.sign(bundle)); // the bundle's mtime stays
      watcher.poll();
      assertThat(watcher.poll()).contains(ModelRegistry.Outcome.LOADED);
      assertThat(registry.currentVersion()).contains(TinyModel.bundle(7).version());
    }
  }

  @Test
  void aBundleThatCouldNotBeReadIsReadAgainOnTheNextPoll() throws Exception {
    ModelRegistry<ModelBundle> registry = new ModelRegistry<>(ModelBundle::read, BundleIdentity::of, null, null);
    try (ModelDirectoryWatcher watcher = new ModelDirectoryWatcher(dir, "*.zip", registry)) {
      write(dir.resolve("model.zip"), TinyModel.bundle(7).toBytes(), 1);
      Files.createDirectory(dir.resolve("model.zip.sig")); // exists but cannot be read as a file
      watcher.poll();
      assertThatThrownBy(watcher::poll).isInstanceOf(IOException.class);
      assertThatThrownBy(watcher::poll).as("the failed read is not taken as offered").isInstanceOf(IOException.class);
      assertThat(registry.currentVersion()).isEmpty();
    }
  }

  @Test
  void anErrorStopsTheWatcherAndItSaysWhy() throws Exception {
    ModelRegistry<ModelBundle> registry = new ModelRegistry<>((bytes, origin) -> {
      throw new OutOfMemoryError("Java heap space (reading " + origin + ")");
    }, BundleIdentity::of, null, null);
    try (ModelDirectoryWatcher watcher = new ModelDirectoryWatcher(dir, "*.zip", registry)) {
      assertThat(watcher.deathCause()).isEmpty();
      write(dir.resolve("model.zip"), TinyModel.bundle(7).toBytes(), 1);
      watcher.start(Duration.ofMillis(10));
      BrokerClients.await("the watcher to stop", () -> watcher.deathCause().isPresent());
      assertThat(watcher.deathCause().orElseThrow()).contains("OutOfMemoryError", "Java heap space");
    }
  }

  private static void write(Path file, byte[] bytes, int minute) throws Exception {
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute)));
  }
}
