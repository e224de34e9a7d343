package io.ltvstream.bench;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.model.Cell;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.train.LtvTrainer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bundles the throughput and step benchmarks run: the production network size (the trainer's
 * default units), LSTM or GRU, trained briefly on a synthetic shop. Speed does not depend on how well it is
 * trained, only on its shape.
 */
final class BenchModel {
  private BenchModel() {}

  static ModelBundle train(long seed, Cell cell) {
    ShopConfig shop = ShopConfig.defaults().withSeed(seed).withUsers(1_000).withDays(180)
        .withStart(LocalDate.of(2023, 1, 1)).withDirt(0, 0, 0, 0);
    Map<String, List<EngineeredEvent>> byUser = new TreeMap<>();
    Iterator<ShopRecord> records = new SyntheticShop(shop).records();
    while (records.hasNext()) {
      ShopRecord record = records.next();
      if (record.kind() == RecordKind.CLEAN) {
        byUser.computeIfAbsent(record.event().getUserId(), u -> new ArrayList<>())
            .add(EventFeatures.engineer(record.event(), "bench-model", null));
      }
    }
    LtvTrainer.Settings brief = LtvTrainer.Settings.defaults().toBuilder().seed(seed).maxEpochs(2)
        .patience(1).validationDays(30).cutoffStepDays(28).horizonDays(90).maxTrainingUsers(1_000)
        .cell(cell).build();
    return new LtvTrainer(brief, null).train(new ArrayList<>(byUser.values()), shop.end().minusDays(1));
  }
}
