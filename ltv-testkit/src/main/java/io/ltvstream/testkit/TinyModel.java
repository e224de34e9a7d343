package io.ltvstream.testkit;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.CalendarDay;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.features.MarketCalendar;
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

  /**
   * A feature-spec-2 bundle for {@code seed}: trained like {@link #bundle(long)} with dimensions, the
   * shop's profiles and {@link #CALENDAR} (so it covers only the shop's first months).
   */
  public static synchronized ModelBundle withDimensions(long seed) {
    return DIMENSION_BUNDLES.computeIfAbsent(seed, s -> {
      SyntheticShop shop = new SyntheticShop(SHOP);
      List<List<EngineeredEvent>> histories = histories(shop);
      Map<String, UserProfile> profiles = new HashMap<>();
      shop.profiles().forEach(p -> profiles.put(p.getUserId(), p));
      FeatureSpec spec = FeatureSpec.build(histories.stream().flatMap(List::stream).toList(), profiles.values(),
          CALENDAR, FeatureSpec.DEFAULT_PRODUCT_FIELD);
      return new LtvTrainer(settings(s), null).train(histories, profiles, spec, SHOP.end().minusDays(1));
    });
  }

  /** The calendar of {@link #withDimensions}: two holidays and a promotion week in early 2025. */
  public static final MarketCalendar CALENDAR = new MarketCalendar(List.of(
      new CalendarDay("2025-01-01", "New Year's Day", false, null),
      new CalendarDay("2025-02-10", null, true, null), new CalendarDay("2025-02-11", null, true, null),
      new CalendarDay("2025-02-12", null, true, null), new CalendarDay("2025-02-13", null, true, null),
      new CalendarDay("2025-02-14", "Valentine's Day", true, null),
      new CalendarDay("2025-04-18", "Good Friday", false, "uk")));

  private static final ShopConfig SHOP = ShopConfig.defaults().withSeed(2024).withUsers(300).withDays(120)
      .withStart(LocalDate.of(2025, 1, 1)).withDirt(0, 0, 0, 0);
  private static final Map<Long, ModelBundle> DIMENSION_BUNDLES = new HashMap<>();

  private static LtvTrainer.Settings settings(long seed) {
    return LtvTrainer.Settings.defaults().toBuilder().seed(seed).units(8)
        .denseUnits(4).maxEpochs(1).patience(1).batchSize(64).validationDays(30).cutoffStepDays(30)
        .horizonDays(60).maxTrainingUsers(300).build();
  }

  private static List<List<EngineeredEvent>> histories(SyntheticShop shop) {
    Map<String, List<EngineeredEvent>> byUser = new TreeMap<>();
    for (ShopRecord record : shop.stream().toList()) {
      if (record.kind() == RecordKind.CLEAN) {
        byUser.computeIfAbsent(record.event().getUserId(), u -> new ArrayList<>())
            .add(EventFeatures.engineer(record.event(), "tiny-model", null));
      }
    }
    return new ArrayList<>(byUser.values());
  }

  private static ModelBundle train(long seed) {
    return new LtvTrainer(settings(seed), null).train(histories(new SyntheticShop(SHOP)), SHOP.end().minusDays(1));
  }
}
