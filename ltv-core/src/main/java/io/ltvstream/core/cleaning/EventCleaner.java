package io.ltvstream.core.cleaning;

import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.mapping.EventIds;
import io.ltvstream.core.mapping.FieldMapping;
import io.ltvstream.core.mapping.MappingException;
import io.ltvstream.core.mapping.SourceRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns one source record into a valid {@link UserEvent} or a {@link Rejection}. The event's amount
 * is in the base currency; when the source used another currency its amount and currency stay in
 * the attributes {@code source_amount} and {@code source_currency}. Unmapped source fields are dropped,
 * except those the mapping keeps as attributes ({@code attributes.keep}), so that nothing the mapping
 * does not name (a second copy of the customer id, an e-mail) travels along. Without an event-id field,
 * the event id is derived from the record: an HMAC under the pseudonymization key over the record
 * with its user id pseudonymized, or, without a key, a SHA-256 of the record. Stateless apart from its
 * settings, so thread-safe.
 */
public final class EventCleaner {
  public static final String ATTR_SOURCE_AMOUNT = "source_amount";
  public static final String ATTR_SOURCE_CURRENCY = "source_currency";
  public static final String ATTR_SOURCE_EVENT_TYPE = "source_event_type";
  public static final String ATTR_OUTLIER = "outlier";
  public static final String ATTR_UNCAPPED_AMOUNT = "uncapped_amount";

  private final FieldMapping mapping;
  private final CleaningPolicy policy;
  private final Set<String> mappedFields;

  /** @throws MappingException if the default currency has no rate into the base currency */
  public EventCleaner(FieldMapping mapping, CleaningPolicy policy) {
    String base = policy.rates().base();
    String defaultCurrency = mapping.currencyDefault();
    if (policy.rates().rate(defaultCurrency).isEmpty()) {
      throw new MappingException(FieldMapping.CURRENCY_DEFAULT + " " + defaultCurrency + " has no rate into the base"
          + " currency " + base + ": add " + defaultCurrency + "=<" + base + " per " + defaultCurrency + "> to "
          + CleaningPolicy.CURRENCY_RATES + ", or set " + CleaningPolicy.BASE_CURRENCY + "=" + defaultCurrency);
    }
    this.mapping = mapping;
    this.policy = policy;
    this.mappedFields = mapping.mappedFields();
  }

  public FieldMapping mapping() {
    return mapping;
  }

  public CleaningPolicy policy() {
    return policy;
  }

  public CleanResult clean(SourceRecord record) {
    for (String name : record.fieldNames()) {
      String value = record.get(name);
      if (value != null && value.length() > policy.maxFieldLength()) {
        return CleanResult.reject(RejectReason.FIELD_TOO_LONG, "field '" + name + "' has "
            + value.length() + " characters, more than the maximum of " + policy.maxFieldLength());
      }
    }
    Map<String, String> attributes = new HashMap<>();

    String userId = trimmed(record, FieldMapping.USER_ID);
    if (userId == null) {
      return missing(RejectReason.MISSING_USER_ID, FieldMapping.USER_ID);
    }

    String timeText = trimmed(record, FieldMapping.EVENT_TIME);
    if (timeText == null) {
      return missing(RejectReason.MISSING_EVENT_TIME, FieldMapping.EVENT_TIME);
    }
    Optional<Instant> parsedTime = mapping.timeParser().parse(timeText);
    Optional<String> ambiguity = parsedTime.isEmpty() ? mapping.timeParser().ambiguity(timeText) : Optional.empty();
    if (ambiguity.isPresent()) {
      return CleanResult.reject(RejectReason.AMBIGUOUS_EVENT_TIME, "event time in field '"
          + mapping.field(FieldMapping.EVENT_TIME) + "': " + abbreviate(ambiguity.get()));
    }
    if (parsedTime.isEmpty()) {
      return CleanResult.reject(RejectReason.UNPARSABLE_EVENT_TIME, "event time '" + abbreviate(timeText)
          + "' in field '" + mapping.field(FieldMapping.EVENT_TIME) + "'"
          + (mapping.field(FieldMapping.TIME_PATTERN) == null ? " matches no accepted form" : "")
          + (mapping.field(FieldMapping.TIME_PATTERN) == null ? "" : ": it does not match the pattern '"
              + mapping.field(FieldMapping.TIME_PATTERN) + "'"));
    }
    Instant eventTime = parsedTime.get();
    Instant latest = policy.clock().instant().plus(policy.futureTolerance());
    if (eventTime.isAfter(latest)) {
      return CleanResult.reject(RejectReason.FUTURE_EVENT_TIME, "event time " + eventTime
          + " is after now plus the tolerance of " + policy.futureTolerance() + " (" + latest + ")");
    }

    EventType type = EventType.PURCHASE;
    if (mapping.field(FieldMapping.EVENT_TYPE) != null) {
      String typeText = trimmed(record, FieldMapping.EVENT_TYPE);
      if (typeText == null) {
        return missing(RejectReason.MISSING_EVENT_TYPE, FieldMapping.EVENT_TYPE);
      }
      Optional<EventType> known = EventTypes.parse(typeText);
      if (known.isPresent()) {
        type = known.get();
      } else if (policy.unknownTypePolicy() == UnknownTypePolicy.OTHER) {
        type = EventType.OTHER;
        attributes.put(ATTR_SOURCE_EVENT_TYPE, typeText);
      } else {
        return CleanResult.reject(RejectReason.UNKNOWN_EVENT_TYPE, "event type '" + abbreviate(typeText)
            + "' in field '" + mapping.field(FieldMapping.EVENT_TYPE) + "' is not a known type");
      }
    }
    if (mapping.refundRule().matches(record, mapping)) {
      type = EventType.REFUND;
    }

    Integer quantity = null;
    String quantityText = trimmed(record, FieldMapping.QUANTITY);
    if (quantityText != null) {
      OptionalDouble q = number(quantityText);
      if (q.isEmpty() || q.getAsDouble() != Math.rint(q.getAsDouble())
          || Math.abs(q.getAsDouble()) > Integer.MAX_VALUE) {
        return CleanResult.reject(RejectReason.UNPARSABLE_QUANTITY, "quantity '" + abbreviate(quantityText)
            + "' in field '" + mapping.field(FieldMapping.QUANTITY) + "' is not a whole number");
      }
      quantity = (int) q.getAsDouble();
    }

    Double amount = null;
    String amountText = trimmed(record, FieldMapping.AMOUNT);
    if (amountText != null) {
      CleanResult bad = checkNumber(amountText, FieldMapping.AMOUNT);
      if (bad != null) {
        return bad;
      }
      amount = Double.parseDouble(amountText);
    } else if (mapping.field(FieldMapping.AMOUNT) == null && mapping.field(FieldMapping.UNIT_PRICE) != null) {
      String priceText = trimmed(record, FieldMapping.UNIT_PRICE);
      if (priceText != null && quantity != null) {
        CleanResult bad = checkNumber(priceText, FieldMapping.UNIT_PRICE);
        if (bad != null) {
          return bad;
        }
        amount = quantity * Double.parseDouble(priceText);
      }
    }
    boolean monetary = type == EventType.PURCHASE || type == EventType.REFUND;
    boolean amountMapped = mapping.field(FieldMapping.AMOUNT) != null
        || mapping.field(FieldMapping.UNIT_PRICE) != null;
    if (amount == null) {
      if (monetary && amountMapped) {
        return CleanResult.reject(RejectReason.MISSING_AMOUNT, "a " + type + " needs an amount; field '"
            + (mapping.field(FieldMapping.AMOUNT) != null ? mapping.field(FieldMapping.AMOUNT)
                : mapping.field(FieldMapping.QUANTITY) + "' or '" + mapping.field(FieldMapping.UNIT_PRICE))
            + "' is empty");
      }
      amount = 0.0;
    }
    if (!Double.isFinite(amount)) {
      return CleanResult.reject(RejectReason.NON_FINITE_AMOUNT, "amount " + amount + " is not finite");
    }
    if (type == EventType.REFUND) {
      amount = -Math.abs(amount);
    } else if (amount < 0) {
      return CleanResult.reject(RejectReason.NEGATIVE_AMOUNT, "amount " + amount + " of a " + type
          + " is negative and the refund rule (" + mapping.refundRule() + ") does not make it a refund");
    }

    String currencyText = trimmed(record, FieldMapping.CURRENCY);
    String currency = CurrencyRates.normalize(currencyText == null ? mapping.currencyDefault() : currencyText);
    OptionalDouble rate = currency == null ? OptionalDouble.empty() : policy.rates().rate(currency);
    if (rate.isEmpty()) {
      return CleanResult.reject(RejectReason.UNKNOWN_CURRENCY, "currency '"
          + abbreviate(currencyText == null ? mapping.currencyDefault() : currencyText)
          + "' has no rate into " + policy.rates().base());
    }
    double baseAmount = amount * rate.getAsDouble();
    if (!currency.equals(policy.rates().base())) {
      attributes.put(ATTR_SOURCE_AMOUNT, Double.toString(amount));
      attributes.put(ATTR_SOURCE_CURRENCY, currency);
    }
    if (Math.abs(baseAmount) > policy.outlierBound()) {
      switch (policy.outlierPolicy()) {
        case REJECT -> {
          return CleanResult.reject(RejectReason.OUTLIER_AMOUNT, "amount " + baseAmount + " "
              + policy.rates().base() + " is above the outlier bound of " + policy.outlierBound());
        }
        case CAP -> {
          attributes.put(ATTR_UNCAPPED_AMOUNT, Double.toString(baseAmount));
          baseAmount = Math.copySign(policy.outlierBound(), baseAmount);
        }
        case KEEP -> attributes.put(ATTR_OUTLIER, "true");
        default -> throw new IllegalStateException("unhandled policy " + policy.outlierPolicy());
      }
    }

    Integer age = null;
    String ageText = trimmed(record, FieldMapping.AGE);
    if (ageText != null) {
      try {
        age = Integer.parseInt(ageText);
      } catch (NumberFormatException e) {
        return CleanResult.reject(RejectReason.UNPARSABLE_AGE, "age '" + abbreviate(ageText) + "' in field '"
            + mapping.field(FieldMapping.AGE) + "' is not a whole number");
      }
    }

    for (String name : mapping.keptAttributes()) {
      String value = record.get(name);
      if (!mappedFields.contains(name) && value != null) {
        attributes.putIfAbsent(name, value);
      }
    }

    Pseudonymizer pseudonymizer = policy.pseudonymizer();
    if (pseudonymizer != null) {
      userId = pseudonymizer.pseudonymize(userId);
    }
    String eventId = trimmed(record, FieldMapping.EVENT_ID);
    if (eventId == null) {
      eventId = pseudonymizer == null ? EventIds.stableHash(record)
          : pseudonymizer.eventId(EventIds.withUserId(record, mapping.field(FieldMapping.USER_ID), userId));
    }
    return new CleanResult.Valid(UserEvent.newBuilder()
        .setEventId(eventId)
        .setUserId(userId)
        .setEventTime(eventTime)
        .setEventType(type)
        .setAmount(baseAmount)
        .setCurrency(policy.rates().base())
        .setQuantity(quantity)
        .setProductId(trimmed(record, FieldMapping.PRODUCT_ID))
        .setCategory(lower(trimmed(record, FieldMapping.CATEGORY)))
        .setChannel(lower(trimmed(record, FieldMapping.CHANNEL)))
        .setAge(age)
        .setGender(trimmed(record, FieldMapping.GENDER))
        .setRegion(trimmed(record, FieldMapping.REGION))
        .setAttributes(attributes)
        .build());
  }

  private CleanResult checkNumber(String text, String key) {
    OptionalDouble value = number(text);
    if (value.isEmpty()) {
      return CleanResult.reject(RejectReason.UNPARSABLE_AMOUNT, "'" + abbreviate(text) + "' in field '"
          + mapping.field(key) + "' is not a number");
    }
    if (!Double.isFinite(value.getAsDouble())) {
      return CleanResult.reject(RejectReason.NON_FINITE_AMOUNT, "'" + abbreviate(text) + "' in field '"
          + mapping.field(key) + "' is not a finite number");
    }
    return null;
  }

  /** Decimal numbers, NaN and infinities; not hex floats nor Java's d/f suffixes. */
  private static OptionalDouble number(String text) {
    char last = text.charAt(text.length() - 1);
    if (Character.isLetter(last) && last != 'N' && last != 'y' || text.contains("x") || text.contains("X")) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  private CleanResult missing(RejectReason reason, String key) {
    return CleanResult.reject(reason, "field '" + mapping.field(key) + "' (" + key + ") is missing or empty");
  }

  private String trimmed(SourceRecord record, String key) {
    String field = mapping.field(key);
    if (field == null) {
      return null;
    }
    String value = record.get(field);
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
