package io.ltvstream.core.prepare;

import io.ltvstream.core.cleaning.RejectReason;
import io.ltvstream.core.cleaning.Rejection;
import io.ltvstream.core.mapping.MapSourceRecord;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV as in RFC 4180, with a configurable delimiter: double quotes around fields, doubled quotes
 * inside them, quoted fields across lines. With a header the first row names the columns;
 * without, columns are named 1, 2, ... and the first row sets the expected count. A row with
 * another number of columns, or a quote left open at the end, is a
 * {@link RejectReason#MALFORMED_RECORD}. Blank lines are skipped.
 */
public final class CsvSourceReader implements SourceReader {
  private final Reader in;
  private final LineSource lines;
  private final char delimiter;
  private final boolean header;
  private final int maxRecordChars;
  private List<String> names;

  public CsvSourceReader(Reader in, char delimiter, boolean header, int maxRecordChars) {
    this.in = in;
    this.lines = new LineSource(in, maxRecordChars);
    this.delimiter = delimiter;
    this.header = header;
    this.maxRecordChars = maxRecordChars;
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
      if (line.tooLong()) {
        return Records.tooLong(line);
      }
      if (line.text().isBlank()) {
        continue;
      }
      long start = line.number();
      StringBuilder text = new StringBuilder(line.text());
      List<String> fields = new ArrayList<>();
      while (!split(text, fields)) {
        LineSource.Line more = lines.next();
        if (more == null || more.tooLong() || text.length() + more.text().length() > maxRecordChars) {
          String reason = more == null ? "a quoted field is still open at the end of the file"
              : "a quoted field runs past the record limit";
          return SourceLine.malformed(start, text.toString(), new Rejection(RejectReason.MALFORMED_RECORD,
              "line " + start + ": " + reason));
        }
        text.append('\n').append(more.text());
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

  /** Splits a row into {@code fields}; false when a quoted field is still open at the end. */
  private boolean split(CharSequence row, List<String> fields) {
    fields.clear();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < row.length(); i++) {
      char c = row.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < row.length() && row.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return false;
    }
    fields.add(field.toString());
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
