package io.ltvstream.core.cleaning;

import io.ltvstream.avro.EventType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a source event type: case, spaces, hyphens and dots do not matter, and common synonyms
 * (order, sale, return, page_view, add, ...) map onto the {@link EventType}s.
 */
public final class EventTypes {
  private static final Map<String, EventType> ALIASES = Map.ofEntries(
      Map.entry("ORDER", EventType.PURCHASE), Map.entry("BUY", EventType.PURCHASE),
      Map.entry("SALE", EventType.PURCHASE), Map.entry("TRANSACTION", EventType.PURCHASE),
      Map.entry("CHECKOUT", EventType.PURCHASE), Map.entry("PURCHASED", EventType.PURCHASE),
      Map.entry("RETURN", EventType.REFUND), Map.entry("REFUNDED", EventType.REFUND),
      Map.entry("CHARGEBACK", EventType.REFUND),
      Map.entry("PAGE_VIEW", EventType.VIEW), Map.entry("PAGEVIEW", EventType.VIEW),
      Map.entry("PRODUCT_VIEW", EventType.VIEW), Map.entry("VIEW_ITEM", EventType.VIEW),
      Map.entry("CART", EventType.ADD_TO_CART), Map.entry("ADD", EventType.ADD_TO_CART),
      Map.entry("ADDTOCART", EventType.ADD_TO_CART), Map.entry("CART_ADD", EventType.ADD_TO_CART),
      Map.entry("QUERY", EventType.SEARCH), Map.entry("RATING", EventType.REVIEW),
      Map.entry("RATE", EventType.REVIEW));

  private EventTypes() {}

  /** The type a source value names, or empty when it names none. */
  public static Optional<EventType> parse(String value) {
    String key = value.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_')
        .replace('.', '_');
    for (EventType type : EventType.values()) {
      if (type.name().equals(key)) {
        return Optional.of(type);
      }
    }
    return Optional.ofNullable(ALIASES.get(key));
  }
}
