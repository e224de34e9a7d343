package io.ltvstream.core.cleaning;

import io.ltvstream.core.mapping.MappingException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as NiFi writes them ({@code 5 mins}, {@code 7 days}) or in ISO-8601 ({@code PT5M}). */
public final class Durations {
  private static final Pattern NIFI_FORM = Pattern.compile(
      "(\\d+)\\s*(ms|millis|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)");

  private Durations() {}

  /** @throws MappingException naming {@code key} when the text is no duration */
  public static Duration parse(String key, String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = NIFI_FORM.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2);
      if (unit.equals("ms") || unit.startsWith("milli")) {
        return Duration.ofMillis(n);
      }
      return switch (unit.charAt(0)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        case 'w' -> Duration.ofDays(7 * n);
        default -> throw new IllegalStateException("unhandled unit " + unit);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new MappingException(key + " '" + text + "' is not a duration such as '5 mins', '7 days' or 'PT5M'");
    }
  }
}
