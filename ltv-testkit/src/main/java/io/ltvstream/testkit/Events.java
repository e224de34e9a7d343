package io.ltvstream.testkit;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.features.EventFeatures;
import java.time.Instant;
import java.util.HashMap;

/** Engineered events built through the project's own feature code. */
public final class Events {
  private Events() {}

  public static EngineeredEvent purchase(String user, String eventId, Instant at, double amount) {
    return event(user, eventId, at, EventType.PURCHASE, amount);
  }

  public static EngineeredEvent view(String user, String eventId, Instant at) {
    return event(user, eventId, at, EventType.VIEW, 0);
  }

  public static EngineeredEvent event(String user, String eventId, Instant at, EventType type, double amount) {
    UserEvent event = UserEvent.newBuilder()
        .setEventId(eventId).setUserId(user).setEventTime(at).setEventType(type)
        .setAmount(amount).setCurrency("USD").setCategory("music").setAttributes(new HashMap<>())
        .build();
    return EventFeatures.engineer(event, "test", null);
  }
}
