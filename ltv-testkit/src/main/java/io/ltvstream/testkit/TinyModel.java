package io.ltvstream.testkit;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.train.LtvTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tests' one model: a real bundle from the project's trainer, kept tiny (8 units, one epoch,
 * 300 users of a synthetic shop) so it trains in seconds and needs no shared data. The tests prove
 * plumbing and guarantees, not accuracy. Each seed gives another model version (for swap tests);
 * bundles are cached per test JVM.
 */
public final class TinyModel {
  /** The seed of {@link #bundle()}. */
  public static final long DEFAULT_SEED = 7;
  private static final Map<Long, ModelBundle> BUNDLES = new HashMap<>();
  private static final Map<Long, Path> FILES = new HashMap<>();

  private TinyModel() {}

  public static ModelBundle bundle() {
    return bundle(DEFAULT_SEED);
  }

  public static synchronized ModelBundle bundle(long seed) {
    return BUNDLES.computeIfAbsent(seed, TinyModel::train);
  }

  /** {@link #bundle()} written to a temporary file (deleted when the JVM exits). */
  public static synchronized Path file() {
    return FILES.computeIfAbsent(DEFAULT_SEED, seed -> {
      try {
        Path written = Files.createTempFile("ltv-tiny-model-", ".zip");
        written.toFile().deleteOnExit();
        bundle(seed).save(written);
        return written;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  public static String version() {
    return bundle().version();
  }

  private static ModelBundle train(long seed) {
    ShopConfig shop = ShopConfig.defaults().withSeed(2024).withUsers(300).withDays(120)
        .withStart(LocalDate.of(2025, 1, 1)).withDirt(0, 0, 0, 0);
    Map<String, List<EngineeredEvent>> byUser = new TreeMap<>();
    for (ShopRecord record : new SyntheticShop(shop).stream().toList()) {
      if (record.kind() == RecordKind.CLEAN) {
        byUser.computeIfAbsent(record.event().getUserId(), u -> new ArrayList<>())
            .add(EventFeatures.engineer(record.event(), "tiny-model", null));
      }
    }
    LtvTrainer.Settings tiny = LtvTrainer.Settings.defaults().toBuilder().seed(seed).units(8)
        .denseUnits(4).maxEpochs(1).patience(1).batchSize(64).validationDays(30).cutoffStepDays(30)
        .horizonDays(60).maxTrainingUsers(300).build();
    return new LtvTrainer(tiny, null).train(new ArrayList<>(byUser.values()), shop.end().minusDays(1));
  }
}
