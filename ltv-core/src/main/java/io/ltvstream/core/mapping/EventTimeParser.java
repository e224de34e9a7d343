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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses event times. With a pattern ({@code time.pattern}) only that pattern is accepted: a time it
 * does not read is unparsable, never read another way. Without a pattern, the common forms: ISO-8601
 * instants and offset date-times, local date-times ({@code 2024-03-01T10:15:30},
 * {@code 2024-03-01 10:15:30}), dates ({@code 2024-03-01}, {@code 19970101}), epoch numbers
 * (milliseconds from 10^11 up, seconds below), and day and month numbers before the year
 * ({@code 25/12/2024 10:00}, with / . or -) when only one reading is a date; when both are
 * ({@code 01/07/2011}) the time is {@link #ambiguity(String) ambiguous} and not parsed, since a guess
 * would silently swap days and months. Local forms are read in the configured zone
 * ({@code time.zone}). The special patterns {@code epoch_millis} and {@code epoch_seconds} force the
 * unit. Immutable and thread-safe.
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
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm[:ss]", Locale.ROOT));
  /** Two numbers and a year, as 01/07/2011 08:26 or 1.7.2011: day-first or month-first. */
  private static final Pattern DAY_AND_MONTH = Pattern.compile(
      "(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");

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
      return withFormatter(value, formatter);
    }
    return automatic(value);
  }

  /**
   * Why {@code text} was not parsed although it looks like a date: without a pattern, its first two
   * numbers read as day and month and as month and day, giving two different dates. Empty otherwise.
   */
  public Optional<String> ambiguity(String text) {
    if (formatter != null || pattern != null || text == null) {
      return Optional.empty();
    }
    Matcher m = DAY_AND_MONTH.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<Instant> dayFirst = dayAndMonth(m, true);
    Optional<Instant> monthFirst = dayAndMonth(m, false);
    if (dayFirst.isEmpty() || monthFirst.isEmpty() || dayFirst.equals(monthFirst)) {
      return Optional.empty();
    }
    String separator = m.group(2);
    return Optional.of("'" + text.trim() + "' reads as day-first and as month-first; set time.pattern (e.g. dd"
        + separator + "MM" + separator + "yyyy or MM" + separator + "dd" + separator + "yyyy)");
  }

  /** The date-time of a day-and-month match read day-first or month-first, if that reading is a date. */
  private Optional<Instant> dayAndMonth(Matcher m, boolean dayFirst) {
    int first = Integer.parseInt(m.group(1));
    int second = Integer.parseInt(m.group(3));
    try {
      LocalDate date = LocalDate.of(Integer.parseInt(m.group(4)), dayFirst ? second : first, dayFirst ? first : second);
      LocalDateTime time = m.group(5) == null ? date.atStartOfDay() : date.atTime(Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)), m.group(7) == null ? 0 : Integer.parseInt(m.group(7)));
      return Optional.of(time.atZone(zone).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
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
    Optional<Instant> date = withFormatter(value, DateTimeFormatter.ISO_LOCAL_DATE);
    if (date.isPresent()) {
      return date;
    }
    Matcher m = DAY_AND_MONTH.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<Instant> dayFirst = dayAndMonth(m, true);
    Optional<Instant> monthFirst = dayAndMonth(m, false);
    if (dayFirst.isPresent() && monthFirst.isPresent()) {
      return dayFirst.equals(monthFirst) ? dayFirst : Optional.empty();
    }
    return dayFirst.isPresent() ? dayFirst : monthFirst;
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
