package io.ltvstream.core.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.HashSet;

/**
 * Holidays and promotion days, from a CSV file ({@code date,holiday,promotion[,region]}, a header
 * line, {@code #} comment lines, dates as yyyy-MM-dd, promotion as true/false/1/0/yes/no or empty). The calendar covers the
 * days from its first to its last row; a day outside that range has no known holiday and no
 * promotion, and so gives neutral features rather than an error. Rows with a region apply only to
 * users of that region (the profile's), rows without one to everyone. Immutable, thread-safe.
 */
public final class MarketCalendar {
  /** The calendar with no days: every date is outside it. */
  public static final MarketCalendar NONE = new MarketCalendar(List.of());

  private final List<CalendarDay> days;
  private final LocalDate first;
  private final LocalDate last;
  private final NavigableSet<LocalDate> holidays = new TreeSet<>();
  private final Set<LocalDate> promotions = new HashSet<>();
  private final NavigableSet<String> regionHolidays = new TreeSet<>();
  private final Set<String> regionPromotions = new HashSet<>();

  public MarketCalendar(List<CalendarDay> days) {
    this.days = List.copyOf(days);
    LocalDate min = null;
    LocalDate max = null;
    for (CalendarDay day : this.days) {
      LocalDate date = LocalDate.parse(day.date());
      min = min == null || date.isBefore(min) ? date : min;
      max = max == null || date.isAfter(max) ? date : max;
      if (day.region() == null) {
        if (day.holiday() != null) {
          holidays.add(date);
        }
        if (day.promotion()) {
          promotions.add(date);
        }
      } else {
        if (day.holiday() != null) {
          regionHolidays.add(day.region() + "|" + date);
        }
        if (day.promotion()) {
          regionPromotions.add(day.region() + "|" + date);
        }
      }
    }
    first = min;
    last = max;
  }

  /**
   * Reads a calendar file.
   *
   * @throws IllegalArgumentException naming the file, line and reason for a malformed row
   */
  public static MarketCalendar read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<CalendarDay> days = new ArrayList<>();
    boolean header = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (header) {
        header = false;
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length < 3 || cells.length > 4) {
        throw new IllegalArgumentException("Calendar " + file + " line " + (i + 1) + ": expected date,holiday,"
            + "promotion[,region], got " + cells.length + " columns");
      }
      String date = cells[0].strip();
      try {
        LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("Calendar " + file + " line " + (i + 1) + ": date '" + date
            + "' is not yyyy-MM-dd");
      }
      days.add(new CalendarDay(date, Vocabulary.normalize(cells[1]) == null ? null : cells[1].strip(),
          flag(cells[2], file, i + 1), cells.length == 4 ? Vocabulary.normalize(cells[3]) : null));
    }
    return new MarketCalendar(days);
  }

  private static boolean flag(String cell, Path file, int line) {
    return switch (cell.strip().toLowerCase(Locale.ROOT)) {
      case "", "0", "false", "no" -> false;
      case "1", "true", "yes" -> true;
      default -> throw new IllegalArgumentException("Calendar " + file + " line " + line + ": promotion '"
          + cell.strip() + "' is not true/false");
    };
  }

  /** Writes the rows as a calendar file {@link #read} reads back. */
  public void write(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("date,holiday,promotion,region");
    for (CalendarDay day : days) {
      String holiday = day.holiday() == null ? "" : day.holiday();
      if (holiday.contains(",")) {
        throw new IllegalArgumentException("Calendar day " + day.date() + ": holiday name '" + holiday
            + "' has a comma, which the calendar file cannot hold");
      }
      lines.add(day.date() + "," + holiday + "," + day.promotion() + "," + (day.region() == null ? "" : day.region()));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** The rows, as read. */
  public List<CalendarDay> days() {
    return days;
  }

  /** Whether {@code date} lies between the calendar's first and last day. */
  public boolean covers(LocalDate date) {
    return first != null && !date.isBefore(first) && !date.isAfter(last);
  }

  /**
   * Days from {@code date} to the next holiday on or after it (0 on a holiday) for a user of
   * {@code region} (may be null); -1 when the calendar does not cover the date or knows no
   * holiday after it.
   */
  public int daysToNextHoliday(LocalDate date, String region) {
    if (!covers(date)) {
      return -1;
    }
    LocalDate next = holidays.ceiling(date);
    if (region != null) {
      String prefix = region + "|";
      String regional = regionHolidays.ceiling(prefix + date);
      if (regional != null && regional.startsWith(prefix)) {
        LocalDate candidate = LocalDate.parse(regional.substring(prefix.length()));
        next = next == null || candidate.isBefore(next) ? candidate : next;
      }
    }
    return next == null ? -1 : (int) (next.toEpochDay() - date.toEpochDay());
  }

  /** Whether a promotion runs on {@code date} for a user of {@code region} (may be null). */
  public boolean inPromotion(LocalDate date, String region) {
    return promotions.contains(date) || (region != null && regionPromotions.contains(region + "|" + date));
  }
}
