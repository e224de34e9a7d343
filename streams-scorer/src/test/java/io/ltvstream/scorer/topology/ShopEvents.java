package io.ltvstream.scorer.topology;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/** Clean engineered events of a small synthetic shop, in event-time order. */
final class ShopEvents {
  private ShopEvents() {}

  static List<EngineeredEvent> of(int users, int days) {
    ShopConfig shop = ShopConfig.defaults().withSeed(99).withUsers(users).withDays(days)
        .withStart(LocalDate.of(2025, 1, 1)).withDirt(0, 0, 0, 0);
    return new SyntheticShop(shop).stream().filter(r -> r.kind() == RecordKind.CLEAN)
        .map(ShopRecord::event).map(e -> EventFeatures.engineer(e, "shop-events", null))
        .sorted(Comparator.comparing(EngineeredEvent::getEventTime)).toList();
  }
}
