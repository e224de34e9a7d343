package io.ltvstream.core.synthetic;

import io.ltvstream.avro.UserEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The shop's raw JSON lines: field names as in {@code UserEvent}, event types in lower case,
 * categories as a shop system spells them ("Books"), times as ISO-8601 UTC instants with
 * milliseconds ({@link #TIME_PATTERN}), always the same width. Ids and
 * categories come from fixed alphabets, so nothing needs escaping.
 */
final class JsonLines {
  /** The pattern of every valid event_time in the shop's lines. */
  static final String TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(TIME_PATTERN).withZone(ZoneOffset.UTC);
  private static final String[] BAD_TIMES = {
    "2025-02-30T25:61:00Z", "yesterday", "", "31/31/2025 10:00", "0000-00-00T00:00:00Z", "NaN"
  };
  private static final String[] GARBAGE = {
    "<html><body>502 Bad Gateway</body></html>",
    "user_id,event_time,amount",
    "\u0000\u0001\u0002\u0003",
    "{\"event_id\": \"",
  };

  private JsonLines() {}

  static String event(UserEvent event, String rawCategory, ShopUser user) {
    return build(event.getEventId().toString(), quoted(user.id()), quoted(time(event.getEventTime())),
        event, rawCategory);
  }

  static String invalidTimestamp(UserEvent like, String rawCategory, ShopUser user, String id, RandomDraws draws) {
    String time = BAD_TIMES[draws.uniformInt(BAD_TIMES.length)];
    return build(id, quoted(user.id()), quoted(time), like, rawCategory);
  }

  /** A record whose user id is absent, null or blank. */
  static String missingUserId(UserEvent like, String rawCategory, ShopUser user, String id, RandomDraws draws) {
    int variant = draws.uniformInt(3);
    String userField = switch (variant) {
      case 0 -> null;
      case 1 -> "null";
      default -> "\"  \"";
    };
    return build(id, userField, quoted(time(like.getEventTime())), like, rawCategory);
  }

  /** A line no JSON reader accepts as a record: other formats, binary, or a truncated object. */
  static String garbage(String cleanLine, RandomDraws draws) {
    int pick = draws.uniformInt(GARBAGE.length + 1);
    if (pick == GARBAGE.length) {
      return cleanLine.substring(0, 1 + draws.uniformInt(cleanLine.length() - 2));
    }
    return GARBAGE[pick];
  }

  private static String build(String eventId, String userIdJson, String timeJson, UserEvent event, String rawCategory) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"event_id\":\"").append(eventId).append('"');
    if (userIdJson != null) {
      json.append(",\"user_id\":").append(userIdJson);
    }
    json.append(",\"event_time\":").append(timeJson);
    json.append(",\"event_type\":\"").append(event.getEventType().name().toLowerCase(Locale.ROOT)).append('"');
    json.append(",\"amount\":").append(event.getAmount());
    json.append(",\"currency\":\"").append(event.getCurrency()).append('"');
    if (event.getQuantity() != null) {
      json.append(",\"quantity\":").append(event.getQuantity());
    }
    if (event.getProductId() != null) {
      json.append(",\"product_id\":\"").append(event.getProductId()).append('"');
    }
    if (rawCategory != null) {
      json.append(",\"category\":\"").append(rawCategory).append('"');
    }
    json.append(",\"channel\":\"").append(event.getChannel()).append('"');
    json.append(",\"region\":\"").append(event.getRegion()).append('"');
    json.append(",\"age\":").append(event.getAge());
    return json.append('}').toString();
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  private static String quoted(String value) {
    return '"' + value + '"';
  }
}
