package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.Cell;
import io.ltvstream.model.Engine;
import io.ltvstream.model.InvalidModelBundleException;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.ModelBundle;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  @TempDir Path dir;

  @Test
  void savedBundleLoadsWithTheSameVersionAndPredictions() throws Exception {
    ModelBundle bundle = Bundles.untrained(Cell.LSTM, 16, 1, Bundles.identity());
    Path file = dir.resolve("model.ltv");
    bundle.save(file);

    ModelBundle loaded = ModelBundle.load(file);

    assertThat(loaded.version()).isEqualTo(bundle.version()).startsWith("lstm-");
    assertThat(loaded.metadata().networkSha256()).isEqualTo(bundle.metadata().networkSha256());
    float[] step = new float[StepVectors.SIZE];
    step[StepVectors.IS_PURCHASE] = 1;
    step[StepVectors.LOG_AMOUNT] = 3;
    UserState a = new UserState();
    UserState b = new UserState();
    LtvModel before = bundle.newModel(Engine.KERNEL);
    LtvModel after = loaded.newModel(Engine.KERNEL);
    before.resetRecurrent(a);
    after.resetRecurrent(b);
    before.step(step, a);
    after.step(step, b);
    assertThat(b.hidden()).containsExactly(a.hidden());
    assertThat(after.predict(b, 86_400_000L)).isEqualTo(before.predict(a, 86_400_000L));
  }

  @Test
  void aSaveThatCannotReplaceItsTargetLeavesNoTemporaryFileBehind() throws Exception {
    Path taken = Files.createDirectory(dir.resolve("model.ltv"));
    Files.writeString(taken.resolve("keep.txt"), "a directory where the bundle should go");

    assertThatThrownBy(() -> Bundles.untrained(Cell.LSTM, 16, 1, Bundles.identity()).save(taken))
        .isInstanceOf(java.io.IOException.class);

    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(taken);
    }
  }

  @Test
  void corruptBundleIsRefused() throws Exception {
    Path file = dir.resolve("model.ltv");
    Bundles.untrained(Cell.LSTM, 16, 1, Bundles.identity()).save(file);
    byte[] bytes = Files.readAllBytes(file);
    // Flip a byte inside the stored network entry (the last entry, stored before the zip directory).
    bytes[bytes.length - 400] ^= 0x5a;
    Files.write(file, bytes);

    assertThatThrownBy(() -> ModelBundle.load(file))
        .isInstanceOf(InvalidModelBundleException.class).hasMessageContaining(file.toString());
  }

  @Test
  void notABundleIsRefusedWithAReason() throws Exception {
    Path file = dir.resolve("junk.ltv");
    Files.writeString(file, "not a model");
    assertThatThrownBy(() -> ModelBundle.load(file))
        .isInstanceOf(InvalidModelBundleException.class).hasMessageContaining("lacks");
  }

  @Test
  void aStateOfAnotherModelVersionMustBeResetFirst() throws Exception {
    LtvModel model = Bundles.untrained(Cell.LSTM, 16, 1, Bundles.identity()).newModel(Engine.KERNEL);
    UserState state = new UserState();
    state.resetRecurrent("lstm-other", 16);
    assertThatThrownBy(() -> model.step(new float[StepVectors.SIZE], state))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("lstm-other");
  }

  @Test
  void theSameNetworkWrittenSecondsApartIsTheSameVersion() throws Exception {
    ModelBundle first = Bundles.untrained(Cell.LSTM, 16, 4, Bundles.identity());
    Thread.sleep(2_100); // past the zip format's 2-second time resolution
    ModelBundle second = Bundles.untrained(Cell.LSTM, 16, 4, Bundles.identity());

    assertThat(second.networkBytes()).isEqualTo(first.networkBytes());
    assertThat(second.version()).isEqualTo(first.version());
  }

  @Test
  void aLegacyBundleIsReExportedWithTheSameNetwork() throws Exception {
    ModelBundle current = Bundles.untrained(Cell.LSTM, 16, 4, Bundles.identity());
    byte[] network = current.networkBytes();
    BundleMetadata m = current.metadata();
    BundleMetadata legacyMetadata = new BundleMetadata(ModelBundle.LEGACY_FORMAT, "lstm-000000000000", m.createdAt(),
        m.featureSpecVersion(), m.stepSpecVersion(), m.stepNames(), m.units(), m.horizonDays(), m.seed(),
        m.normalizationMean(), m.normalizationScale(), m.transactionScale(), m.spendScale(),
        m.referenceHorizonDays(), m.baseline(), m.training(), null, sha256(network), null);
    ByteArrayOutputStream legacy = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(legacy)) {
      zip.putNextEntry(new ZipEntry(ModelBundle.METADATA_ENTRY));
      zip.write(new ObjectMapper().writeValueAsBytes(legacyMetadata));
      zip.putNextEntry(new ZipEntry(ModelBundle.NETWORK_ENTRY));
      zip.write(network);
      zip.closeEntry();
    }
    assertThatThrownBy(() -> ModelBundle.read(legacy.toByteArray(), "old.zip"))
        .isInstanceOf(InvalidModelBundleException.class).hasMessageContaining("upgrade-bundle");

    ModelBundle upgraded = NetworkBundles.upgrade(legacy.toByteArray(), "old.zip");

    assertThat(upgraded.metadata().format()).isEqualTo(ModelBundle.FORMAT);
    assertThat(upgraded.version()).isEqualTo(current.version());
    assertThat(ModelBundle.read(upgraded.toBytes(), "new.zip").weights().toBytes())
        .isEqualTo(current.weights().toBytes());
  }

  @Test
  void aBundleWrittenBeforeTheModuleSplitIsUpgradedAndItsKernelScoresAsItsNetwork() throws Exception {
    // written by `./ltv train ... --max-epochs 1` on the CDNOW sample before the split (format 1)
    byte[] legacy;
    try (var in = getClass().getResourceAsStream("/legacy/ltv-model-bundle-1.zip")) {
      legacy = in.readAllBytes();
    }
    assertThatThrownBy(() -> ModelBundle.read(legacy, "legacy.zip"))
        .isInstanceOf(InvalidModelBundleException.class).hasMessageContaining("./ltv upgrade-bundle");

    ModelBundle upgraded = NetworkBundles.upgrade(legacy, "legacy.zip");

    LtvModel kernel = upgraded.newModel(Engine.KERNEL);
    LtvModel dl4j = upgraded.newModel(Engine.DL4J);
    UserState a = new UserState();
    UserState b = new UserState();
    kernel.resetRecurrent(a);
    dl4j.resetRecurrent(b);
    float[] step = new float[StepVectors.SIZE];
    step[StepVectors.IS_PURCHASE] = 1;
    step[StepVectors.LOG_AMOUNT] = 3;
    for (int i = 0; i < 5; i++) {
      kernel.step(step, a);
      dl4j.step(step, b);
    }
    for (int i = 0; i < a.hidden().length; i++) {
      assertThat(a.hidden()[i]).isCloseTo(b.hidden()[i], org.assertj.core.api.Assertions.within(1e-5f));
    }
    assertThat(ModelBundle.read(upgraded.toBytes(), "upgraded.zip").version()).isEqualTo(upgraded.version());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
