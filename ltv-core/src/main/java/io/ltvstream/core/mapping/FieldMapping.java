package io.ltvstream.core.mapping;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Which source field feeds which {@code UserEvent} field, how to read the event time, and how to
 * recognise a refund. Built from the keys below, which are both {@code ./ltv prepare --mapping}
 * properties and (in Title Case) NiFi processor properties. Immutable.
 */
public final class FieldMapping {
  public static final String USER_ID = "field.user_id";
  public static final String EVENT_TIME = "field.event_time";
  public static final String TIME_PATTERN = "time.pattern";
  public static final String TIME_ZONE = "time.zone";
  public static final String EVENT_TYPE = "field.event_type";
  public static final String AMOUNT = "field.amount";
  public static final String QUANTITY = "field.quantity";
  public static final String UNIT_PRICE = "field.unit_price";
  public static final String CURRENCY = "field.currency";
  public static final String CURRENCY_DEFAULT = "currency.default";
  public static final String PRODUCT_ID = "field.product_id";
  public static final String CATEGORY = "field.category";
  public static final String CHANNEL = "field.channel";
  public static final String AGE = "field.age";
  public static final String GENDER = "field.gender";
  public static final String REGION = "field.region";
  public static final String EVENT_ID = "field.event_id";
  public static final String REFUND_WHEN = "refund.when";
  public static final String FORMAT = "format";
  public static final String CSV_DELIMITER = "csv.delimiter";
  public static final String CSV_HEADER = "csv.header";
  /** Unmapped source fields kept as event attributes, comma-separated; all others are dropped. */
  public static final String ATTRIBUTES_KEEP = "attributes.keep";

  /** Every key this class reads, in documentation order. */
  public static final List<String> KEYS = List.of(USER_ID, EVENT_TIME, TIME_PATTERN, TIME_ZONE,
      EVENT_TYPE, AMOUNT, QUANTITY, UNIT_PRICE, CURRENCY, CURRENCY_DEFAULT, PRODUCT_ID, CATEGORY,
      CHANNEL, AGE, GENDER, REGION, EVENT_ID, REFUND_WHEN, ATTRIBUTES_KEEP, FORMAT, CSV_DELIMITER, CSV_HEADER);

  public static final String DEFAULT_CURRENCY = "USD";

  private final Map<String, String> settings;
  private final EventTimeParser timeParser;
  private final RefundRule refundRule;
  private final String currencyDefault;
  private final SourceFormat format;
  private final char csvDelimiter;
  private final boolean csvHeader;
  private final List<String> keptAttributes;

  private FieldMapping(Map<String, String> settings) {
    this.settings = Map.copyOf(settings);
    if (field(USER_ID) == null) {
      throw new MappingException(USER_ID + " is required: the source field that holds the user id");
    }
    if (field(EVENT_TIME) == null) {
      throw new MappingException(EVENT_TIME + " is required: the source field that holds the event time");
    }
    if (field(UNIT_PRICE) != null && field(QUANTITY) == null) {
      throw new MappingException(UNIT_PRICE + " needs " + QUANTITY + " (amount = quantity x unit price)");
    }
    this.timeParser = new EventTimeParser(settings.get(TIME_PATTERN), zone(settings.get(TIME_ZONE)));
    this.refundRule = RefundRule.parse(settings.get(REFUND_WHEN));
    String currency = blankToNull(settings.get(CURRENCY_DEFAULT));
    this.currencyDefault = currency == null ? DEFAULT_CURRENCY : currency.toUpperCase(Locale.ROOT);
    String formatText = blankToNull(settings.get(FORMAT));
    this.format = formatText == null ? null : SourceFormat.parse(formatText);
    this.csvDelimiter = delimiter(settings.get(CSV_DELIMITER));
    String header = blankToNull(settings.get(CSV_HEADER));
    if (header != null && !header.equalsIgnoreCase("true") && !header.equalsIgnoreCase("false")) {
      throw new MappingException(CSV_HEADER + " must be true or false, not '" + header + "'");
    }
    this.csvHeader = header == null || Boolean.parseBoolean(header);
    String kept = blankToNull(settings.get(ATTRIBUTES_KEEP));
    this.keptAttributes = kept == null ? List.of()
        : Arrays.stream(kept.split(",")).map(String::trim).filter(name -> !name.isEmpty()).distinct().toList();
  }

  /** From a map of the keys above; unknown keys are ignored (cleaning settings share the file). */
  public static FieldMapping of(Map<String, String> settings) {
    Map<String, String> known = new LinkedHashMap<>();
    for (String key : KEYS) {
      String value = blankToNull(settings.get(key));
      if (value != null) {
        known.put(key, key.equals(CSV_DELIMITER) ? settings.get(key) : value);
      }
    }
    return new FieldMapping(known);
  }

  public static FieldMapping of(Properties properties) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return of(map);
  }

  /** The source field mapped to a key such as {@link #USER_ID}, or null when unmapped. */
  public String field(String key) {
    return blankToNull(settings.get(key));
  }

  /**
   * The source field of a refund-rule role: {@code quantity}, {@code amount}, {@code unit_price}
   * or {@code event_type}.
   */
  String fieldFor(String role) {
    return field("field." + role);
  }

  /** Unmapped source fields kept as event attributes ({@link #ATTRIBUTES_KEEP}), in the order given. */
  public List<String> keptAttributes() {
    return keptAttributes;
  }

  /** Source fields that are mapped to an event field. */
  public Set<String> mappedFields() {
    Set<String> fields = new HashSet<>();
    for (String key : KEYS) {
      if (key.startsWith("field.") && field(key) != null) {
        fields.add(field(key));
      }
    }
    return fields;
  }

  public EventTimeParser timeParser() {
    return timeParser;
  }

  public RefundRule refundRule() {
    return refundRule;
  }

  public String currencyDefault() {
    return currencyDefault;
  }

  /** The file format, or null when the mapping does not say (prepare then guesses by extension). */
  public SourceFormat format() {
    return format;
  }

  public char csvDelimiter() {
    return csvDelimiter;
  }

  public boolean csvHeader() {
    return csvHeader;
  }

  /** The settings this mapping was built from (blank values dropped). */
  public Map<String, String> settings() {
    return settings;
  }

  private static ZoneId zone(String text) {
    if (text == null || text.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw new MappingException(TIME_ZONE + " '" + text + "' is not a time zone (e.g. UTC, Europe/Berlin)");
    }
  }

  private static char delimiter(String text) {
    if (text == null || text.isEmpty()) {
      return ',';
    }
    String value = switch (text) {
      case "\\t", "tab", "TAB" -> "\t";
      default -> text;
    };
    if (value.length() != 1) {
      throw new MappingException(CSV_DELIMITER + " must be one character (or \\t), not '" + text + "'");
    }
    return value.charAt(0);
  }

  static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }

  @Override
  public String toString() {
    return "FieldMapping" + settings;
  }
}
