package io.ltvstream.core.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses event times. With a pattern ({@code time.pattern}) that pattern is tried first; then, and
 * without a pattern, the common forms: ISO-8601 instants and offset date-times, local date-times
 * ({@code 2024-03-01T10:15:30}, {@code 2024-03-01 10:15:30}), dates ({@code 2024-03-01},
 * {@code 19970101}), and epoch numbers (milliseconds from 10^11 up, seconds below). Local forms are
 * read in the configured zone ({@code time.zone}). The special patterns {@code epoch_millis} and
 * {@code epoch_seconds} force the unit. Immutable and thread-safe.
 */
public final class EventTimeParser {
  public static final String EPOCH_MILLIS = "epoch_millis";
  public static final String EPOCH_SECONDS = "epoch_seconds";
  /** Numbers at or above this are epoch milliseconds (10^11 s is the year 5138). */
  private static final double MILLIS_THRESHOLD = 1e11;
  /** 100 million days either side of 1970, the range of java.util.Date and of most sources. */
  private static final double MAX_EPOCH_MILLIS = 8.64e15;

  private static final List<DateTimeFormatter> LOCAL_FORMS = List.of(
      DateTimeFormatter.ISO_LOCAL_DATE_TIME,
      new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm[:ss]")
          .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
          .toFormatter(Locale.ROOT),
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm[:ss]", Locale.ROOT),
      DateTimeFormatter.ofPattern("M/d/yyyy H:mm[:ss]", Locale.ROOT));

  private final String pattern;
  private final DateTimeFormatter formatter;
  private final ZoneId zone;

  /**
   * @param pattern a {@link DateTimeFormatter} pattern, {@code epoch_millis}, {@code epoch_seconds},
   *     or null/blank for automatic detection
   * @param zone zone of local date-times and dates
   * @throws MappingException if the pattern is not a valid date-time pattern
   */
  public EventTimeParser(String pattern, ZoneId zone) {
    this.pattern = pattern == null || pattern.isBlank() ? null : pattern.trim();
    this.zone = zone;
    if (this.pattern == null || isEpochPattern(this.pattern)) {
      this.formatter = null;
    } else {
      try {
        this.formatter = DateTimeFormatter.ofPattern(this.pattern, Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new MappingException("time.pattern '" + pattern + "' is not a date-time pattern: "
            + e.getMessage());
      }
    }
  }

  public static boolean isEpochPattern(String pattern) {
    return EPOCH_MILLIS.equals(pattern) || EPOCH_SECONDS.equals(pattern);
  }

  /** The instant {@code text} denotes, or empty when no accepted form matches. */
  public Optional<Instant> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.trim();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (EPOCH_MILLIS.equals(pattern) || EPOCH_SECONDS.equals(pattern)) {
      return epoch(value, EPOCH_MILLIS.equals(pattern));
    }
    if (formatter != null) {
      Optional<Instant> parsed = withFormatter(value, formatter);
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    return automatic(value);
  }

  private Optional<Instant> automatic(String value) {
    if (value.length() == 8 && value.chars().allMatch(Character::isDigit)) {
      Optional<Instant> basicDate = withFormatter(value, DateTimeFormatter.BASIC_ISO_DATE);
      if (basicDate.isPresent()) {
        return basicDate;
      }
    }
    if (looksNumeric(value)) {
      return epoch(value, null);
    }
    try {
      return Optional.of(Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value)));
    } catch (DateTimeException ignored) {
      // not an offset date-time; try the next form
    }
    try {
      return Optional.of(Instant.from(DateTimeFormatter.ISO_ZONED_DATE_TIME.parse(value)));
    } catch (DateTimeException ignored) {
      // not a zoned date-time; try the local forms
    }
    for (DateTimeFormatter local : LOCAL_FORMS) {
      Optional<Instant> parsed = withFormatter(value, local);
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    return withFormatter(value, DateTimeFormatter.ISO_LOCAL_DATE);
  }

  private Optional<Instant> withFormatter(String value, DateTimeFormatter form) {
    try {
      TemporalAccessor parsed = form.parse(value);
      if (parsed.isSupported(ChronoField.OFFSET_SECONDS) && parsed.isSupported(ChronoField.EPOCH_DAY)
          && parsed.isSupported(ChronoField.NANO_OF_DAY)) {
        return Optional.of(Instant.from(parsed));
      }
      if (parsed.isSupported(ChronoField.NANO_OF_DAY) || parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
        return Optional.of(LocalDateTime.from(parsed).atZone(zone).toInstant());
      }
      return Optional.of(LocalDate.from(parsed).atStartOfDay(zone).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static boolean looksNumeric(String value) {
    int start = value.charAt(0) == '-' ? 1 : 0;
    if (start == value.length()) {
      return false;
    }
    boolean dot = false;
    for (int i = start; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '.' && !dot) {
        dot = true;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** @param millis true/false to force the unit, null to decide by magnitude */
  private static Optional<Instant> epoch(String value, Boolean millis) {
    if (!looksNumeric(value)) {
      return Optional.empty();
    }
    double number = Double.parseDouble(value);
    boolean asMillis = millis != null ? millis : Math.abs(number) >= MILLIS_THRESHOLD;
    double epochMillis = asMillis ? number : number * 1000.0;
    if (!Double.isFinite(epochMillis) || Math.abs(epochMillis) > MAX_EPOCH_MILLIS) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(Math.round(epochMillis)));
  }
}
