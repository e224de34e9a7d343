package io.ltvstream.core.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.core.cleaning.RejectReason;
import io.ltvstream.core.cleaning.Rejection;
import io.ltvstream.core.mapping.MapSourceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON lines: one object per line. Blank lines are skipped; a line that is not a JSON object is a
 * {@link RejectReason#MALFORMED_RECORD}, one that is not UTF-8 an {@link RejectReason#INVALID_ENCODING}.
 * Scalars become their text, nested values their JSON text. With {@code arrayPerLine}, the lines may also
 * be a JSON array written one element per line: the {@code [}, {@code ]} and separating commas around
 * each element are not part of it.
 */
public final class JsonLinesSourceReader implements SourceReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InputStream in;
  private final LineSource lines;
  private final boolean arrayPerLine;

  public JsonLinesSourceReader(InputStream in, int maxRecordBytes, boolean arrayPerLine) {
    this.in = in;
    this.lines = new LineSource(in, maxRecordBytes);
    this.arrayPerLine = arrayPerLine;
  }

  @Override
  public SourceLine next() throws IOException {
    LineSource.Line line;
    String element;
    do {
      line = lines.next();
      if (line == null) {
        return null;
      }
      SourceLine flawed = Records.flawed(line);
      if (flawed != null) {
        return flawed;
      }
      element = arrayPerLine ? withoutArrayPunctuation(line.text()) : line.text();
    } while (element.isBlank());
    JsonNode node;
    try {
      node = JSON.readTree(element);
    } catch (JsonProcessingException e) {
      return SourceLine.malformed(line.number(), line.text(), new Rejection(RejectReason.MALFORMED_RECORD,
          "line " + line.number() + " is not valid JSON: " + withoutLocation(e.getOriginalMessage())));
    }
    if (node == null || !node.isObject()) {
      return SourceLine.malformed(line.number(), line.text(), new Rejection(RejectReason.MALFORMED_RECORD,
          "line " + line.number() + " is JSON but not an object"));
    }
    Map<String, String> values = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      values.put(field.getKey(), value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString());
    }
    return SourceLine.parsed(line.number(), line.text(), new MapSourceRecord(values));
  }

  private static String withoutArrayPunctuation(String text) {
    String element = text.strip();
    if (element.startsWith("[")) {
      element = element.substring(1).strip();
    }
    if (element.endsWith("]")) {
      element = element.substring(0, element.length() - 1).strip();
    }
    if (element.endsWith(",")) {
      element = element.substring(0, element.length() - 1);
    }
    return element;
  }

  /** Jackson's message without the "(start marker at [Source: ...])" tail, which names no useful source here. */
  private static String withoutLocation(String message) {
    int cut = message.indexOf(" (start marker at");
    String shortened = cut < 0 ? message : message.substring(0, cut);
    int newline = shortened.indexOf('\n');
    return newline < 0 ? shortened : shortened.substring(0, newline);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
