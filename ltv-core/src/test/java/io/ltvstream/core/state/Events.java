package io.ltvstream.core.state;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.features.EventFeatures;
import java.time.Instant;
import java.util.Map;

/** Engineered events for state tests. */
final class Events {
  private static int ids;

  private Events() {}

  static EngineeredEvent purchase(String time, double amount) {
    return event(time, EventType.PURCHASE, amount);
  }

  static EngineeredEvent event(String time, EventType type, double amount) {
    UserEvent e = UserEvent.newBuilder().setEventId("e" + ids++).setUserId("u")
        .setEventTime(Instant.parse(time)).setEventType(type).setAmount(amount)
        .setAttributes(Map.of()).build();
    return EventFeatures.engineer(e, null, null);
  }

  /** A purchase of 1 with the id {@code eventId}. */
  static EngineeredEvent withId(String eventId, String time) {
    UserEvent e = UserEvent.newBuilder().setEventId(eventId).setUserId("u")
        .setEventTime(Instant.parse(time)).setEventType(EventType.PURCHASE).setAmount(1)
        .setAttributes(Map.of()).build();
    return EventFeatures.engineer(e, null, null);
  }

  static long millis(String time) {
    return Instant.parse(time).toEpochMilli();
  }
}
