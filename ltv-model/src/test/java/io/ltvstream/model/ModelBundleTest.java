package io.ltvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.testdata.Cdnow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles load and score with no DL4J: this module's test class path has none, so every load
 * here reads the exported weights alone.
 */
class ModelBundleTest {
  private static final int UNITS = 6;
  private static final int DENSE = 4;
  @TempDir Path dir;

  @Test
  void aSavedBundleLoadsAndStepsWithoutDl4j() throws Exception {
    assertSavedBundleLoadsAndStepsWithoutDl4j(Cell.LSTM);
  }

  @Test
  void aSavedGruBundleLoadsAndStepsWithoutDl4j() throws Exception {
    assertSavedBundleLoadsAndStepsWithoutDl4j(Cell.GRU);
  }

  private void assertSavedBundleLoadsAndStepsWithoutDl4j(Cell cell) throws Exception {
    assertThat(getClass().getClassLoader().getResource("org/deeplearning4j/nn/multilayer/MultiLayerNetwork.class"))
        .as("DL4J on this module's test class path").isNull();
    ModelBundle bundle = randomBundle(1, cell);
    Path file = dir.resolve("model.zip");
    bundle.save(file);

    ModelBundle loaded = ModelBundle.load(file);

    assertThat(loaded.version()).isEqualTo(bundle.version()).startsWith(cell.label() + "-");
    assertThat(loaded.cell()).isEqualTo(cell);
    LtvModel before = bundle.newModel(Engine.KERNEL);
    LtvModel after = loaded.newModel(Engine.KERNEL);
    UserState a = new UserState();
    UserState b = new UserState();
    before.resetRecurrent(a);
    after.resetRecurrent(b);
    float[] step = new float[StepVectors.SIZE];
    step[StepVectors.IS_PURCHASE] = 1;
    step[StepVectors.LOG_AMOUNT] = 3;
    before.step(step, a);
    after.step(step, b);
    assertThat(b.hidden()).containsExactly(a.hidden()).isNotEqualTo(new float[UNITS]);
    assertThat(after.predict(b, 86_400_000L)).isEqualTo(before.predict(a, 86_400_000L));
  }

  @Test
  void aBundleRoundTripsItsActivityCalibrationAndTheLoadedModelServesIt() throws Exception {
    Map<String, Double> baseline = new TreeMap<>(Cdnow.publishedSampleBaseline());
    baseline.put(ActivityCalibration.SHAPE, 0.45);
    baseline.put(ActivityCalibration.NETWORK_SHAPE, 0.3);
    ModelBundle bundle = randomBundle(6, Cell.LSTM, baseline);
    Path file = dir.resolve("calibrated.zip");
    bundle.save(file);

    ModelBundle loaded = ModelBundle.load(file);

    assertThat(loaded.metadata().baseline()).containsEntry(ActivityCalibration.SHAPE, 0.45)
        .containsEntry(ActivityCalibration.NETWORK_SHAPE, 0.3);
    assertThat(loaded.version()).isEqualTo(bundle.version())
        .as("the calibration is part of the version").isNotEqualTo(randomBundle(6).version());
    LtvPrediction p = scoredAfterOnePurchase(loaded);
    assertThat(p.pActive()).isCloseTo(new ActivityCalibration(0.45).probability(p.expectedTransactions()),
        within(1e-12));
    assertThat(Math.abs(p.pActive() + Math.expm1(-p.expectedTransactions()))).as("away from the Poisson chance")
        .isGreaterThan(1e-4);
  }

  @Test
  void aBundleWithoutActivityCalibrationLoadsAndKeepsThePoissonPActive() throws Exception {
    // the metadata of every bundle trained before the calibration: no activity shape
    ModelBundle bundle = randomBundle(7);
    assertThat(bundle.metadata().baseline()).doesNotContainKeys(ActivityCalibration.SHAPE,
        ActivityCalibration.NETWORK_SHAPE);
    Path file = dir.resolve("uncalibrated.zip");
    bundle.save(file);

    LtvPrediction p = scoredAfterOnePurchase(ModelBundle.load(file));

    assertThat(p.pActive()).isCloseTo(-Math.expm1(-p.expectedTransactions()), within(1e-12));
  }

  private static LtvPrediction scoredAfterOnePurchase(ModelBundle bundle) {
    LtvModel model = bundle.newModel(Engine.KERNEL);
    UserState state = new UserState();
    model.resetRecurrent(state);
    float[] step = new float[StepVectors.SIZE];
    step[StepVectors.IS_PURCHASE] = 1;
    step[StepVectors.LOG_AMOUNT] = 3;
    model.step(step, state);
    return model.predict(state, 86_400_000L);
  }

  @Test
  void theReferenceEngineWithoutLtvTrainIsRefusedWithWhatToDo() {
    ModelBundle bundle = randomBundle(2);
    assertThatThrownBy(() -> bundle.newModel(Engine.DL4J))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ltv-train")
        .hasMessageContaining("scorer.engine=kernel");
  }

  @Test
  void differentWeightsGiveDifferentVersions() {
    assertThat(randomBundle(3).version()).isNotEqualTo(randomBundle(4).version());
  }

  @Test
  void aCorruptWeightsEntryIsRefused() throws Exception {
    byte[] bytes = flipByteOfEntry(randomBundle(5).toBytes(), ModelBundle.WEIGHTS_ENTRY, 100);
    assertThatThrownBy(() -> ModelBundle.read(bytes, "flipped.zip"))
        .isInstanceOf(InvalidModelBundleException.class)
        .hasMessageContaining("flipped.zip").hasMessageContaining(ModelBundle.WEIGHTS_ENTRY);
  }

  @Test
  void aLegacyBundleIsRefusedWithHowToReExportIt() throws Exception {
    String metadata = "{\"format\":\"" + ModelBundle.LEGACY_FORMAT + "\",\"version\":\"lstm-0123456789ab\"}";
    Path file = dir.resolve("old.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry(ModelBundle.METADATA_ENTRY));
      zip.write(metadata.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    assertThatThrownBy(() -> ModelBundle.load(file))
        .isInstanceOf(InvalidModelBundleException.class)
        .hasMessageContaining("./ltv upgrade-bundle --in " + file);
  }

  @Test
  void weightsOfTheWrongShapeAreRefused() {
    float[][] w = matrix(new Random(1), ModelInputs.SIZE, 4 * UNITS);
    assertThatThrownBy(() -> new NetworkWeights(Cell.LSTM, w, matrix(new Random(1), UNITS, 3 * UNITS), new float[4 * UNITS],
        matrix(new Random(1), UNITS, DENSE), new float[DENSE], matrix(new Random(1), DENSE, 4), new float[4]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RW");
  }

  /** An LSTM bundle of random weights, as the trainer's export would write one. */
  static ModelBundle randomBundle(long seed) {
    return randomBundle(seed, Cell.LSTM);
  }

  static ModelBundle randomBundle(long seed, Cell cell) {
    return randomBundle(seed, cell, Cdnow.publishedSampleBaseline());
  }

  static ModelBundle randomBundle(long seed, Cell cell, Map<String, Double> baseline) {
    Random random = new Random(seed);
    int gateWidth = cell.gates() * UNITS;
    NetworkWeights weights = new NetworkWeights(cell, matrix(random, ModelInputs.SIZE, gateWidth),
        matrix(random, UNITS, gateWidth), vector(random, gateWidth), matrix(random, UNITS, DENSE),
        vector(random, DENSE), matrix(random, DENSE, ValueHead.OUTPUTS), vector(random, ValueHead.OUTPUTS));
    float[] mean = new float[ModelInputs.SIZE];
    float[] scale = new float[ModelInputs.SIZE];
    Arrays.fill(scale, 1f);
    BundleMetadata draft = new BundleMetadata(ModelBundle.FORMAT, "", "2026-01-01T00:00:00Z",
        1, StepVectors.STEP_SPEC_VERSION, ModelInputs.names(Dimensions.NONE), UNITS, 91, seed,
        mean, scale, 1.0, 1.0, 91, baseline, Map.of(), "", "", null);
    return ModelBundle.create(draft, weights, new byte[] {1, 2, 3});
  }

  private static float[][] matrix(Random random, int rows, int columns) {
    float[][] m = new float[rows][];
    for (int r = 0; r < rows; r++) {
      m[r] = vector(random, columns);
    }
    return m;
  }

  private static float[] vector(Random random, int length) {
    float[] v = new float[length];
    for (int i = 0; i < length; i++) {
      v[i] = (float) (random.nextGaussian() * 0.3);
    }
    return v;
  }

  /** The bundle with one byte of one entry flipped, re-zipped. */
  private static byte[] flipByteOfEntry(byte[] bundle, String name, int offset) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bundle));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        byte[] content = in.readAllBytes();
        if (entry.getName().equals(name)) {
          content[offset] ^= 0x5a;
        }
        zip.putNextEntry(new ZipEntry(entry.getName()));
        zip.write(content);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
