package io.ltvstream.core.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparePipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static final Map<String, String> JSONL_MAPPING = Map.of(
      "field.user_id", "user", "field.event_time", "ts", "field.event_type", "type",
      "field.amount", "amount", "field.category", "category", "format", "jsonl");

  @Test
  void everyBadJsonLineBecomesARejectAndTheCountsAddUp() throws IOException {
    String megabyte = "x".repeat(1 << 20);
    Path input = write("events.jsonl",
        "{\"user\":\"u1\",\"ts\":\"2024-01-01T10:00:00Z\",\"type\":\"purchase\",\"amount\":12.5,\"category\":\" Books \"}",
        "{\"user\":\"u1\",\"ts\":\"2024-01-01T10:00:00Z\",\"type\":\"purchase\",\"amount\":12.5,\"category\":\" Books \"}",
        "{\"user\":\"u2\",\"ts\":\"2024-01-02T10:00:00Z\",\"type\":\"view\"}",
        "{\"user\":\"u3\",\"ts\":\"2024-01-02\"",
        "[1,2,3]",
        "",
        "{\"ts\":\"2024-01-02T10:00:00Z\",\"type\":\"view\"}",
        "{\"user\":\"u4\",\"ts\":\"last tuesday\",\"type\":\"view\"}",
        "{\"user\":\"u5\",\"ts\":\"2024-01-02T10:00:00Z\",\"type\":\"teleport\"}",
        "{\"user\":\"u6\",\"ts\":\"2024-01-02T10:00:00Z\",\"type\":\"purchase\",\"amount\":1,\"notes\":\"" + megabyte + "\"}",
        "{\"user\":\"u7\",\"ts\":\"2024-01-03T10:00:00Z\",\"type\":\"refund\",\"amount\":\"4\"}");
    Path out = dir.resolve("events.avro");
    Path rejects = dir.resolve("rejects.jsonl");

    PrepareSummary summary = PreparePipeline.of(JSONL_MAPPING).run(input, out, rejects, ProgressListener.NONE);

    assertThat(summary.records()).isEqualTo(10);
    assertThat(summary.valid()).isEqualTo(3);
    assertThat(summary.duplicates()).isEqualTo(1);
    assertThat(summary.invalid()).isEqualTo(6);
    assertThat(summary.records()).isEqualTo(summary.valid() + summary.invalid() + summary.duplicates());
    assertThat(summary.reasons()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "malformed_record", 2L, "missing_user_id", 1L, "unparsable_event_time", 1L,
        "unknown_event_type", 1L, "field_too_long", 1L));

    List<JsonNode> rejected = readJsonLines(rejects);
    assertThat(rejected).extracting(r -> r.get("line").asLong()).containsExactly(4L, 5L, 7L, 8L, 9L, 10L);
    assertThat(rejected.get(0).get("reason").asText()).isEqualTo("malformed_record");
    assertThat(rejected.get(0).get("original").asText()).isEqualTo("{\"user\":\"u3\",\"ts\":\"2024-01-02\"");
    assertThat(rejected.get(5).get("original").asText()).hasSizeGreaterThan(1 << 20);

    List<EngineeredEvent> events = readAvro(out);
    assertThat(events).extracting(EngineeredEvent::getUserId).containsExactly("u1", "u2", "u7");
    assertThat(events.get(0).getCategory()).isEqualTo("books");
    assertThat(events.get(0).getSourceId()).isEqualTo("events.jsonl");
    assertThat(events.get(0).getSourcePosition()).isEqualTo(1L);
    assertThat(events.get(2).getEventType()).isEqualTo(EventType.REFUND);
    assertThat(events.get(2).getAmountBase()).isEqualTo(-4.0);

    JsonNode json = JSON.readTree(summary.toJson());
    assertThat(json.get("records").asLong()).isEqualTo(10);
    assertThat(json.get("reasons").get("malformed_record").asLong()).isEqualTo(2);
  }

  @Test
  void csvWithWrongColumnCountsQuotesAndRefunds() throws IOException {
    Path input = write("retail.csv",
        "InvoiceNo;CustomerID;InvoiceDate;Quantity;UnitPrice;Description",
        "536365;17850;01/12/2010 08:26;6;2,55;\"WHITE HANGING HEART; T-LIGHT\"",
        "536366;17850;01/12/2010 08:28;6;1.85;\"line one",
        "line two\"",
        "C536379;17850;01/12/2010 09:41;-1;27.50;Discount",
        "536367;13047;01/12/2010 08:34",
        "536368;13047;01/12/2010 08:34;x;3;\"\"\"quoted\"\"\"",
        "536369;;01/12/2010 08:34;1;3;no customer");
    Map<String, String> mapping = Map.of("field.user_id", "CustomerID", "field.event_time", "InvoiceDate",
        "time.pattern", "dd/MM/yyyy HH:mm", "field.quantity", "Quantity", "field.unit_price", "UnitPrice",
        "field.event_id", "InvoiceNo", "refund.when", "field:InvoiceNo startsWith C", "csv.delimiter", ";",
        "currency.default", "GBP", "attributes.keep", "Description");
    Path out = dir.resolve("retail.avro");
    Path rejects = dir.resolve("rejects.jsonl");

    PrepareSummary summary = PreparePipeline.of(mapping).run(input, out, rejects, ProgressListener.NONE);

    assertThat(summary.records()).isEqualTo(6);
    assertThat(summary.valid()).isEqualTo(2);
    assertThat(summary.reasons()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "unparsable_amount", 1L, "malformed_record", 1L, "unparsable_quantity", 1L, "missing_user_id", 1L));
    List<EngineeredEvent> events = readAvro(out);
    assertThat(events).extracting(EngineeredEvent::getEventId).containsExactly("536366", "C536379");
    assertThat(events.get(0).getAttributes()).containsEntry("Description", "line one\nline two");
    assertThat(events.get(0).getSourcePosition()).isEqualTo(3L);
    assertThat(events.get(1).getEventType()).isEqualTo(EventType.REFUND);
    assertThat(events.get(1).getAmountBase()).isEqualTo(-27.5);
    assertThat(events.get(1).getCurrency()).isEqualTo("GBP");
    assertThat(readJsonLines(rejects)).extracting(r -> r.get("line").asLong()).containsExactly(2L, 6L, 7L, 8L);
  }

  @Test
  void readsGzippedInput() throws IOException {
    Path input = dir.resolve("events.jsonl.gz");
    try (java.io.Writer out = new java.io.OutputStreamWriter(
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(input)), StandardCharsets.UTF_8)) {
      out.write("{\"user\":\"u1\",\"ts\":\"2024-01-01T10:00:00Z\",\"type\":\"view\"}\n{oops\n");
    }
    Map<String, String> mapping = new java.util.HashMap<>(JSONL_MAPPING);
    mapping.remove("format");
    PrepareSummary summary = PreparePipeline.of(mapping).run(input, dir.resolve("o.avro"), null, ProgressListener.NONE);
    assertThat(summary.valid()).isEqualTo(1);
    assertThat(summary.reasons()).containsExactly(Map.entry("malformed_record", 1L));
  }

  @Test
  void anUnreadableInputIsTheOnlyFailure() {
    Path missing = dir.resolve("missing.jsonl");
    assertThatThrownBy(() -> PreparePipeline.of(JSONL_MAPPING)
        .run(missing, dir.resolve("o.avro"), null, ProgressListener.NONE))
        .isInstanceOf(UnreadableInputException.class).hasMessageContaining("missing.jsonl").hasMessageContaining("no such file");
    assertThatThrownBy(() -> PreparePipeline.of(JSONL_MAPPING)
        .run(dir, dir.resolve("o.avro"), null, ProgressListener.NONE))
        .isInstanceOf(UnreadableInputException.class).hasMessageContaining("directory");
  }

  @Test
  void reportsProgressUpToTheWholeFile() throws IOException {
    Path input = write("small.jsonl", "{\"user\":\"u\",\"ts\":\"2024-01-01\",\"type\":\"view\"}");
    List<long[]> calls = new ArrayList<>();
    PreparePipeline.of(JSONL_MAPPING).run(input, dir.resolve("o.avro"), null,
        (read, total, records) -> calls.add(new long[] {read, total, records}));
    long[] last = calls.get(calls.size() - 1);
    assertThat(last[0]).isEqualTo(Files.size(input));
    assertThat(last[1]).isEqualTo(Files.size(input));
    assertThat(last[2]).isEqualTo(1);
  }

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static List<JsonNode> readJsonLines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private static List<EngineeredEvent> readAvro(Path file) throws IOException {
    List<EngineeredEvent> events = new ArrayList<>();
    try (DataFileReader<EngineeredEvent> reader =
             new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(EngineeredEvent.class))) {
      reader.forEach(events::add);
    }
    return events;
  }
}
