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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
    List<String> problems = new ArrayList<>();
    RowNumbers rowsPerUserDay = new RowNumbers();
    Map<String, String> userIds = new HashMap<>();
    long records = 0;
    long invalid = 0;
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
          UserEvent event = parse(trimmed, rowsPerUserDay, userIds);
          events.add(EventFeatures.engineer(event, source, lineNumber));
        } catch (IllegalArgumentException e) {
          invalid++;
          if (problems.size() < History.PROBLEMS_KEPT) {
            problems.add(source + ":" + lineNumber + ": " + e.getMessage());
          }
        }
      }
    }
    if (events.isEmpty()) {
      throw new HistoryFormatException(source + " has no CDNOW record (" + records
          + " lines, all invalid)" + (problems.isEmpty() ? "" : ": " + problems.get(0)));
    }
    return new History(events, records, invalid, problems);
  }

  private static UserEvent parse(String line, RowNumbers rowsPerUserDay,
      Map<String, String> userIds) {
    String[] f = line.split("\\s+");
    int offset;
    if (f.length == 4) {
      offset = 0;
    } else if (f.length == 5) {
      offset = 1;
    } else {
      throw new IllegalArgumentException("expected 4 (master) or 5 (sample) fields, got "
          + f.length);
    }
    if (!f[0].chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("customer id '" + f[0] + "' is not a number");
    }
    // one String per customer, shared by their events: a million customers' ten million rows
    // would otherwise hold ten million copies
    String user = userIds.computeIfAbsent(f[0], id -> id);
    LocalDate day;
    try {
      day = LocalDate.parse(f[offset + 1], DATE);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("date '" + f[offset + 1] + "' is not yyyyMMdd");
    }
    int cds;
    double dollars;
    try {
      cds = Integer.parseInt(f[offset + 2]);
      dollars = Double.parseDouble(f[offset + 3]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("number of CDs '" + f[offset + 2]
          + "' or dollar value '" + f[offset + 3] + "' is not a number");
    }
    if (cds < 0 || !Double.isFinite(dollars)) {
      throw new IllegalArgumentException("number of CDs " + cds + " or dollar value " + dollars
          + " out of range");
    }
    String userDay = user + "-" + f[offset + 1];
    int n = rowsPerUserDay.next(user, f[offset + 1], userDay);
    return UserEvent.newBuilder()
        .setEventId("cdnow-" + userDay + "-" + n)
        .setUserId(user)
        .setEventTime(day.atStartOfDay(ZoneOffset.UTC).toInstant())
        .setEventType(dollars < 0 ? EventType.REFUND : EventType.PURCHASE)
        .setAmount(dollars)
        .setCurrency("USD")
        .setQuantity(cds)
        .setAttributes(Map.of())
        .build();
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
    private final Map<String, Integer> counts = new HashMap<>();
    private String lastUser;
    private String lastDay;

    int next(String user, String day, String userDay) {
      if (!user.equals(lastUser) && !day.equals(lastDay)) {
        counts.clear();
      }
      lastUser = user;
      lastDay = day;
      return counts.merge(userDay, 1, Integer::sum) - 1;
    }
  }
}
