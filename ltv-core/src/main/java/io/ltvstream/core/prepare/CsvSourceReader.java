package io.ltvstream.core.prepare;

import io.ltvstream.core.cleaning.RejectReason;
import io.ltvstream.core.cleaning.Rejection;
import io.ltvstream.core.mapping.MapSourceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV as in RFC 4180, parsed by Apache Commons CSV in strict mode, with a configurable delimiter: double
 * quotes around fields, doubled quotes inside them, quoted fields across lines. With a header the first
 * row names the columns; without, columns are named 1, 2, ... and the first row sets the expected count.
 * Each record is parsed on its own, so a bad one costs only itself: a malformed quote ({@code "ab"cd}),
 * a quote left open at the end, a row with another number of columns are each a
 * {@link RejectReason#MALFORMED_RECORD}; a line that is not UTF-8 is {@link RejectReason#INVALID_ENCODING}.
 * Blank lines are skipped.
 */
public final class CsvSourceReader implements SourceReader {
  private final InputStream in;
  private final LineSource lines;
  private final CSVFormat format;
  private final boolean header;
  private final int maxRecordBytes;
  private List<String> names;

  public CsvSourceReader(InputStream in, char delimiter, boolean header, int maxRecordBytes) {
    this.in = in;
    this.lines = new LineSource(in, maxRecordBytes);
    this.format = CSVFormat.RFC4180.builder()
        .setDelimiter(delimiter)
        .setIgnoreEmptyLines(false)
        .setLenientEof(false)
        .setTrailingData(false)
        .get();
    this.header = header;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** The column names, once the first row is read. */
  public List<String> columnNames() {
    return names;
  }

  @Override
  public SourceLine next() throws IOException {
    while (true) {
      LineSource.Line line = lines.next();
      if (line == null) {
        return null;
      }
      SourceLine flawed = Records.flawed(line);
      if (flawed != null) {
        return flawed;
      }
      if (line.text().isBlank()) {
        continue;
      }
      long start = line.number();
      StringBuilder text = new StringBuilder(line.text());
      // RFC 4180 doubles quotes inside quoted fields, so an odd count means a field is still open.
      long quotes = quotes(line.text());
      while (quotes % 2 != 0) {
        LineSource.Line more = lines.next();
        if (more == null || more.tooLong() || text.length() + more.text().length() > maxRecordBytes) {
          String reason = more == null ? "a quoted field is still open at the end of the file"
              : "a quoted field runs past the record limit";
          return SourceLine.malformed(start, text.toString(), new Rejection(RejectReason.MALFORMED_RECORD,
              "line " + start + ": " + reason));
        }
        if (more.notUtf8()) {
          return SourceLine.malformed(start, text + "\n" + more.text(), new Rejection(RejectReason.INVALID_ENCODING,
              "line " + more.number() + " (of the record from line " + start + ") is not valid UTF-8 (byte "
                  + more.badByte() + " of the line)"));
        }
        text.append('\n').append(more.text());
        quotes += quotes(more.text());
      }
      List<String> fields;
      try {
        fields = parse(text.toString());
      } catch (IOException | UncheckedIOException | IllegalStateException e) {
        return SourceLine.malformed(start, text.toString(), new Rejection(RejectReason.MALFORMED_RECORD,
            "line " + start + " is not well-formed CSV: " + e.getMessage()));
      }
      if (names == null) {
        if (header) {
          names = List.copyOf(fields);
          continue;
        }
        List<String> numbered = new ArrayList<>();
        for (int i = 1; i <= fields.size(); i++) {
          numbered.add(Integer.toString(i));
        }
        names = List.copyOf(numbered);
      }
      if (fields.size() != names.size()) {
        return SourceLine.malformed(start, text.toString(), new Rejection(RejectReason.MALFORMED_RECORD,
            "line " + start + " has " + fields.size() + " columns, expected " + names.size()));
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        values.put(names.get(i), fields.get(i));
      }
      return SourceLine.parsed(start, text.toString(), new MapSourceRecord(values));
    }
  }

  private List<String> parse(String record) throws IOException {
    try (CSVParser parser = CSVParser.parse(record, format)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1) {
        throw new IOException("it holds " + records.size() + " records");
      }
      return records.getFirst().toList();
    }
  }

  private static long quotes(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '"') {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
