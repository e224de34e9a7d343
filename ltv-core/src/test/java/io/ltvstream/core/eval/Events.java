package io.ltvstream.core.eval;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.features.EventFeatures;
import java.time.Instant;
import java.util.Map;

/** Builds engineered events for tests. */
final class Events {
  private static int next;

  private Events() {}

  static EngineeredEvent event(String user, String time, EventType type, double amount) {
    UserEvent event = UserEvent.newBuilder().setEventId("e" + next++).setUserId(user)
        .setEventTime(Instant.parse(time)).setEventType(type).setAmount(amount)
        .setAttributes(Map.of()).build();
    return EventFeatures.engineer(event, "test", null);
  }

  static EngineeredEvent purchase(String user, String time, double amount) {
    return event(user, time, EventType.PURCHASE, amount);
  }
}
