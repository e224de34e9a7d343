package io.ltvstream.core.testdata;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import java.util.ArrayList;
import java.util.List;

/** A synthetic shop's history as the network trains on it. */
public final class Shops {
  private Shops() {}

  /** The shop's clean events (its dirt left out), engineered with source {@code shop}, in the shop's order. */
  public static List<EngineeredEvent> cleanEvents(SyntheticShop shop) {
    List<EngineeredEvent> events = new ArrayList<>();
    for (ShopRecord record : shop.stream().toList()) {
      if (record.kind() == RecordKind.CLEAN) {
        events.add(EventFeatures.engineer(record.event(), "shop", null));
      }
    }
    return events;
  }
}
