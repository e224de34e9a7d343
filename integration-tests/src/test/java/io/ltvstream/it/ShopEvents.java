package io.ltvstream.it;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.features.EventFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;

/**
 * A deterministic stream of engineered events for {@code users} shoppers, in time order: mostly
 * purchases of varied amounts, some views and refunds, built through the project's feature code.
 * The one event stream of the crash, restart and failover scenarios, on the embedded broker and in
 * containers.
 */
public final class ShopEvents {
  private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
  private static final EventType[] TYPES = {EventType.PURCHASE, EventType.PURCHASE, EventType.PURCHASE,
      EventType.VIEW, EventType.ADD_TO_CART, EventType.REFUND};

  private ShopEvents() {}

  public static List<EngineeredEvent> of(int users, int events, long seed) {
    Random random = new Random(seed);
    List<EngineeredEvent> stream = new ArrayList<>(events);
    Instant at = START;
    for (int i = 0; i < events; i++) {
      at = at.plus(Duration.ofMinutes(1 + random.nextInt(240)));
      EventType type = TYPES[random.nextInt(TYPES.length)];
      double amount = switch (type) {
        case PURCHASE -> 5 + Math.round(random.nextDouble() * 19_500) / 100.0;
        case REFUND -> -(5 + Math.round(random.nextDouble() * 5_000) / 100.0);
        default -> 0;
      };
      UserEvent event = UserEvent.newBuilder()
          .setEventId("ev-" + i).setUserId("user-" + random.nextInt(users)).setEventTime(at)
          .setEventType(type).setAmount(amount).setCurrency("USD").setQuantity(1)
          .setCategory(random.nextBoolean() ? "music" : "books").setChannel("web")
          .setAttributes(new HashMap<>()).build();
      stream.add(EventFeatures.engineer(event, "shop-events", (long) i));
    }
    return stream;
  }
}
