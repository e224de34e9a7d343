package io.ltvstream.core.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.core.cleaning.RejectReason;
import io.ltvstream.core.cleaning.Rejection;
import io.ltvstream.core.mapping.MapSourceRecord;
import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON lines: one object per line. Blank lines are skipped; a line that is not a JSON object is a
 * {@link RejectReason#MALFORMED_RECORD}. Scalars become their text, nested values their JSON text.
 */
public final class JsonLinesSourceReader implements SourceReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Reader in;
  private final LineSource lines;

  public JsonLinesSourceReader(Reader in, int maxRecordChars) {
    this.in = in;
    this.lines = new LineSource(in, maxRecordChars);
  }

  @Override
  public SourceLine next() throws IOException {
    LineSource.Line line;
    do {
      line = lines.next();
      if (line == null) {
        return null;
      }
    } while (!line.tooLong() && line.text().isBlank());
    if (line.tooLong()) {
      return Records.tooLong(line);
    }
    JsonNode node;
    try {
      node = JSON.readTree(line.text());
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
