package io.ltvstream.it;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.scorer.model.LtvTrainer;
import io.ltvstream.scorer.model.ModelBundle;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real bundle from the project's trainer, kept tiny (8 units, one epoch, 300 users of a synthetic
 * shop) so it trains in seconds. The end-to-end tests prove plumbing and guarantees, not accuracy.
 */
final class TinyModel {
  private static ModelBundle bundle;

  private TinyModel() {}

  static synchronized ModelBundle bundle() {
    if (bundle == null) {
      ShopConfig shop = ShopConfig.defaults().withSeed(2024).withUsers(300).withDays(120)
          .withStart(LocalDate.of(2025, 1, 1)).withDirt(0, 0, 0, 0);
      Map<String, List<EngineeredEvent>> byUser = new TreeMap<>();
      for (ShopRecord record : new SyntheticShop(shop).stream().toList()) {
        if (record.kind() == RecordKind.CLEAN) {
          byUser.computeIfAbsent(record.event().getUserId(), u -> new ArrayList<>())
              .add(EventFeatures.engineer(record.event(), "tiny-model", null));
        }
      }
      LtvTrainer.Settings tiny = LtvTrainer.Settings.defaults().toBuilder().seed(7).units(8)
          .denseUnits(4).maxEpochs(1).patience(1).batchSize(64).validationDays(30).cutoffStepDays(30)
          .horizonDays(60).maxTrainingUsers(300).build();
      bundle = new LtvTrainer(tiny, null).train(new ArrayList<>(byUser.values()), shop.end().minusDays(1));
    }
    return bundle;
  }
}
