package io.ltvstream.core.history;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.features.EventFeatures;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Reads the CDNOW purchase logs in either layout, detected per line:
 * <ul>
 *   <li>master: {@code customer_id date number_of_cds dollar_value}, with one header line;
 *   <li>sample: {@code master_id sample_id date number_of_cds dollar_value}, no header.
 * </ul>
 * Whitespace separated, CRLF or LF, dates {@code yyyyMMdd}. Each row becomes a PURCHASE
 * {@link UserEvent} at midnight UTC of its day (a negative dollar value a REFUND) in USD, with
 * the master customer id as user id (so both layouts name a customer alike), and then an
 * {@link EngineeredEvent} through {@link EventFeatures}. CDNOW has no event id: it is derived as
 * {@code cdnow-<user>-<yyyyMMdd>-<n>}, n counting that user's rows of that day from 0, the same
 * in both layouts. Lineage: the file name and the line number.
 */
public final class CdnowReader {
  private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

  /** Records between two calls of a reader's progress listener. */
  public static final int PROGRESS_EVERY = 100_000;

  private CdnowReader() {}

  /**
   * @throws HistoryFormatException when the file has no readable record at all
   */
  public static History read(Path file) throws IOException {
    return read(file, records -> { });
  }

  /**
   * As {@link #read(Path)}, telling {@code progress} the records read so far every
   * {@link #PROGRESS_EVERY} records.
   */
  public static History read(Path file, LongConsumer progress) throws IOException {
    String source = file.getFileName().toString();
    List<EngineeredEvent> events = new ArrayList<>();
    Scan scan = scan(file, progress, (user, userId, epochDay, cds, dollars, row, lineNumber) ->
        events.add(event(userId, epochDay, cds, dollars, row, source, lineNumber)));
    return new History(events, scan.records, scan.invalid, scan.problems);
  }

  /**
   * Reads the file into {@link EventColumns} instead of a list of events: the same records, the
   * same accounting and the same events ({@link EventColumns#event} builds each again, equal to
   * the one {@link #read} gives), in a tenth of the memory.
   *
   * @throws HistoryFormatException when the file has no readable record at all
   */
  public static ColumnarHistory readColumns(Path file, LongConsumer progress) throws IOException {
    EventColumns.CdnowBuilder columns = EventColumns.cdnow(file.getFileName().toString());
    Scan scan = scan(file, progress, (user, userId, epochDay, cds, dollars, row, lineNumber) ->
        columns.add(user, epochDay, cds, dollars, row, lineNumber));
    return new ColumnarHistory(columns.build(scan.userIds), scan.records, scan.invalid,
        scan.problems);
  }

  /** One valid row, with its user numbered in order of first appearance. */
  private interface RowSink {
    void accept(int user, String userId, long epochDay, int cds, double dollars, int row,
        long lineNumber);
  }

  /** What a scan counted, and the users it numbered. */
  private record Scan(long records, long invalid, List<String> problems, List<String> userIds) {}

  private static Scan scan(Path file, LongConsumer progress, RowSink sink) throws IOException {
    String source = file.getFileName().toString();
    List<String> problems = new ArrayList<>();
    RowNumbers rowsPerUserDay = new RowNumbers();
    // one String per customer, shared by their events: a million customers' ten million rows
    // would otherwise hold ten million copies
    Map<String, Integer> users = new HashMap<>();
    List<String> userIds = new ArrayList<>();
    String[] fields = new String[MAX_FIELDS];
    long records = 0;
    long invalid = 0;
    long valid = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      String line;
      long lineNumber = 0;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || (lineNumber == 1 && trimmed.startsWith("customer_id"))) {
          continue;
        }
        records++;
        if (records % PROGRESS_EVERY == 0) {
          progress.accept(records);
        }
        try {
          int count = split(trimmed, fields);
          int offset;
          if (count == 4) {
            offset = 0;
          } else if (count == 5) {
            offset = 1;
          } else {
            throw new IllegalArgumentException("expected 4 (master) or 5 (sample) fields, got "
                + count);
          }
          if (!isNumber(fields[0])) {
            throw new IllegalArgumentException("customer id '" + fields[0] + "' is not a number");
          }
          long day = day(fields[offset + 1]);
          int cds;
          double dollars;
          try {
            cds = Integer.parseInt(fields[offset + 2]);
            dollars = Double.parseDouble(fields[offset + 3]);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number of CDs '" + fields[offset + 2]
                + "' or dollar value '" + fields[offset + 3] + "' is not a number");
          }
          if (cds < 0 || !Double.isFinite(dollars)) {
            throw new IllegalArgumentException("number of CDs " + cds + " or dollar value "
                + dollars + " out of range");
          }
          int user = users.computeIfAbsent(fields[0], id -> {
            userIds.add(id);
            return userIds.size() - 1;
          });
          sink.accept(user, userIds.get(user), day, cds, dollars,
              rowsPerUserDay.next(user, day), lineNumber);
          valid++;
        } catch (IllegalArgumentException e) {
          invalid++;
          if (problems.size() < History.PROBLEMS_KEPT) {
            problems.add(source + ":" + lineNumber + ": " + e.getMessage());
          }
        }
      }
    }
    if (valid == 0) {
      throw new HistoryFormatException(source + " has no CDNOW record (" + records
          + " lines, all invalid)" + (problems.isEmpty() ? "" : ": " + problems.get(0)));
    }
    return new Scan(records, invalid, problems, userIds);
  }

  /** Fields the longest layout has, plus one to count a line with too many. */
  private static final int MAX_FIELDS = 6;

  /**
   * Splits a stripped line at runs of whitespace (as {@code split("\\s+")}, without a regular
   * expression per line: ten million lines), into {@code fields}; returns the number of fields,
   * counting at most {@code fields.length}.
   */
  private static int split(String line, String[] fields) {
    int count = 0;
    int n = line.length();
    int i = 0;
    while (i < n && count < fields.length) {
      int start = i;
      while (i < n && !isSpace(line.charAt(i))) {
        i++;
      }
      fields[count++] = line.substring(start, i);
      while (i < n && isSpace(line.charAt(i))) {
        i++;
      }
    }
    return count;
  }

  private static boolean isNumber(String field) {
    for (int i = 0; i < field.length(); i++) {
      if (!Character.isDigit(field.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The characters {@code \\s} matches. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** The epoch day of a {@code yyyyMMdd} date. */
  private static long day(String date) {
    try {
      if (date.length() == 8 && date.chars().allMatch(c -> c >= '0' && c <= '9')) {
        // the common case without a formatter: LocalDate.of checks the month and day
        return LocalDate.of(Integer.parseInt(date, 0, 4, 10), Integer.parseInt(date, 4, 6, 10),
            Integer.parseInt(date, 6, 8, 10)).toEpochDay();
      }
      return LocalDate.parse(date, DATE).toEpochDay();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("date '" + date + "' is not yyyyMMdd");
    }
  }

  /** A row's type: a negative dollar value is a refund. */
  static EventType type(double dollars) {
    return dollars < 0 ? EventType.REFUND : EventType.PURCHASE;
  }

  /**
   * The event of a CDNOW row: a {@link UserEvent} at midnight UTC of its day, engineered, with
   * the event id {@code cdnow-<user>-<yyyyMMdd>-<row>}.
   */
  static EngineeredEvent event(String userId, long epochDay, int cds, double dollars,
      int sameDayRow, String source, long lineNumber) {
    LocalDate day = LocalDate.ofEpochDay(epochDay);
    UserEvent event = UserEvent.newBuilder()
        .setEventId("cdnow-" + userId + "-" + basicIsoDate(day) + "-" + sameDayRow)
        .setUserId(userId)
        .setEventTime(day.atStartOfDay(ZoneOffset.UTC).toInstant())
        .setEventType(type(dollars))
        .setAmount(dollars)
        .setCurrency("USD")
        .setQuantity(cds)
        .setAttributes(Map.of())
        .build();
    return EventFeatures.engineer(event, source, lineNumber);
  }

  /** {@code yyyyMMdd}, as the file writes it (a formatter per event is slow over ten million). */
  private static String basicIsoDate(LocalDate day) {
    int year = day.getYear();
    if (year < 0 || year > 9999) {
      return DATE.format(day);
    }
    int value = year * 10_000 + day.getMonthValue() * 100 + day.getDayOfMonth();
    char[] digits = new char[8];
    for (int i = 7; i >= 0; i--) {
      digits[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return new String(digits);
  }

  /**
   * Numbers each customer's rows of a day from 0. The counts are kept only while the customer or
   * the day goes on from one row to the next: in a file sorted by customer (both CDNOW files) or
   * by day (the synthetic shop) a customer-day does not come back once both changed, so the map
   * holds one customer's or one day's rows, not the whole file's (ten million on a million
   * customers). In a file in neither order, a customer-day split apart would number its rows
   * from 0 again, giving two events the same id.
   */
  private static final class RowNumbers {
    private final Map<Long, Integer> counts = new HashMap<>();
    private int lastUser = -1;
    private long lastDay = Long.MIN_VALUE;

    int next(int user, long day) {
      if (user != lastUser && day != lastDay) {
        counts.clear();
      }
      lastUser = user;
      lastDay = day;
      return counts.merge(((long) user << 32) ^ (day & 0xFFFF_FFFFL), 1, Integer::sum) - 1;
    }
  }
}
