package io.ltvstream.core.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What prepare promises on real exports: every record counted once (records = valid + invalid + duplicates),
 * duplicates caught whatever the order and event time, one bad line rejected alone, and no raw user id in
 * the events it writes.
 */
class PrepareGuaranteesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static final Map<String, String> RETAIL = Map.of("format", "csv", "field.user_id", "CustomerID",
      "field.event_time", "InvoiceDate", "time.pattern", "yyyy-MM-dd HH:mm", "field.quantity", "Quantity",
      "field.unit_price", "UnitPrice", "field.product_id", "StockCode", "currency.default", "GBP",
      "currency.base", "GBP");

  /** Distinct rows over a year: day, minute and product vary, so no two rows are equal. */
  private static List<String> distinctRows(int n) {
    List<String> rows = new ArrayList<>();
    LocalDate start = LocalDate.parse("2023-01-01");
    for (int i = 0; i < n; i++) {
      rows.add(String.format("%s %02d:%02d,P%d,%d,%d.25,%d", start.plusDays(i % 365), i % 24, i % 60, i,
          1 + i % 7, 1 + i % 40, 10_000 + i % 300));
    }
    return rows;
  }

  private Path csv(String name, List<String> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("InvoiceDate,StockCode,Quantity,UnitPrice,CustomerID");
    lines.addAll(rows);
    return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
  }

  @Test
  void anUnorderedFileWithRepeatedRowsReportsExactlyTheRepeats() throws IOException {
    Random random = new Random(15);
    List<String> rows = distinctRows(3000);
    Collections.shuffle(rows, random);
    List<String> repeats = new ArrayList<>(rows.subList(0, 300));
    Collections.shuffle(repeats, random);
    List<String> all = new ArrayList<>(rows);
    all.addAll(repeats);

    PrepareSummary summary = PreparePipeline.of(RETAIL)
        .run(csv("unordered.csv", all), dir.resolve("o.avro"), null, ProgressListener.NONE);

    assertThat(summary.records()).isEqualTo(3300);
    assertThat(summary.duplicates()).isEqualTo(300);
    assertThat(summary.valid()).isEqualTo(3000);
    assertThat(summary.invalid()).isZero();
    assertThat(summary.records()).isEqualTo(summary.valid() + summary.invalid() + summary.duplicates());
  }

  @Test
  void aFarFutureEventForgetsNothing() throws IOException {
    Map<String, String> mapping = new HashMap<>(RETAIL);
    mapping.put("future.tolerance", "36500 days");
    List<String> rows = new ArrayList<>(distinctRows(5));
    rows.add("2099-12-31 23:59,FUTURE,1,1.00,10001");
    rows.addAll(distinctRows(5));

    PrepareSummary summary = PreparePipeline.of(mapping)
        .run(csv("future.csv", rows), dir.resolve("o.avro"), null, ProgressListener.NONE);

    assertThat(summary.valid()).isEqualTo(6);
    assertThat(summary.duplicates()).isEqualTo(5);
  }

  @Test
  void aMalformedQuoteIsAMalformedRecordAndTheRestGoesOn() throws IOException {
    List<String> rows = new ArrayList<>(distinctRows(3));
    rows.add(1, "2023-02-01 10:00,\"ab\"cd,1,1.00,10001");
    Path rejects = dir.resolve("rejects.jsonl");

    PrepareSummary summary = PreparePipeline.of(RETAIL)
        .run(csv("quote.csv", rows), dir.resolve("o.avro"), rejects, ProgressListener.NONE);

    assertThat(summary.valid()).isEqualTo(3);
    assertThat(summary.reasons()).containsExactly(Map.entry("malformed_record", 1L));
    JsonNode reject = JSON.readTree(Files.readAllLines(rejects).getFirst());
    assertThat(reject.get("line").asLong()).isEqualTo(3);
    assertThat(reject.get("detail").asText()).contains("line 3");
  }

  @Test
  void invalidUtf8IsRejectedWithItsOwnReasonNotMergedIntoAnotherUser() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("InvoiceDate,StockCode,Quantity,UnitPrice,CustomerID\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("2023-02-01 10:00,P1,1,1.00,u\u00e91\n".getBytes(StandardCharsets.UTF_8));
    // Two ids that differ only in bytes that are not UTF-8: decoding them leniently makes both "u\uFFFD1".
    bytes.writeBytes("2023-02-01 10:00,P1,1,1.00,u".getBytes(StandardCharsets.UTF_8));
    bytes.write(0xff);
    bytes.writeBytes("1\n2023-02-01 10:00,P1,1,1.00,u".getBytes(StandardCharsets.UTF_8));
    bytes.write(0xfe);
    bytes.writeBytes("1\n".getBytes(StandardCharsets.UTF_8));
    Path input = Files.write(dir.resolve("latin.csv"), bytes.toByteArray());
    Path rejects = dir.resolve("rejects.jsonl");

    PrepareSummary summary = PreparePipeline.of(RETAIL).run(input, dir.resolve("o.avro"), rejects,
        ProgressListener.NONE);

    assertThat(summary.valid()).isEqualTo(1);
    assertThat(summary.duplicates()).isZero();
    assertThat(summary.reasons()).containsExactly(Map.entry("invalid_encoding", 2L));
    assertThat(Files.readAllLines(rejects)).extracting(line -> JSON.readTree(line).get("line").asLong())
        .containsExactly(3L, 4L);
  }

  @Test
  void noRawUserIdReachesTheEvents() throws IOException {
    List<String> raw = List.of("CUST-7731", "CUST-0042", "CUST-5150");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String user = raw.get(i % raw.size());
      // An export often repeats the customer in another column; unmapped columns must not travel along.
      lines.add(String.format("{\"customer\":\"%s\",\"customer_ref\":\"ref:%s\",\"at\":\"2024-03-%02dT10:00:00Z\","
          + "\"kind\":\"purchase\",\"total\":%d}", user, user, 1 + i % 28, 5 + i));
    }
    lines.add("{\"customer\":\"CUST-7731\",\"at\":\"not a time\",\"kind\":\"purchase\",\"total\":1}");
    Path input = Files.write(dir.resolve("raw.jsonl"), lines, StandardCharsets.UTF_8);
    Map<String, String> mapping = Map.of("field.user_id", "customer", "field.event_time", "at",
        "field.event_type", "kind", "field.amount", "total", "pseudonymize.key", "s3cret");
    Path out = dir.resolve("events.avro");
    Path rejects = dir.resolve("rejects.jsonl");

    PrepareSummary summary = PreparePipeline.of(mapping).run(input, out, rejects, ProgressListener.NONE);

    assertThat(summary.valid()).isEqualTo(30);
    assertThat(summary.invalid()).isEqualTo(1);
    StringBuilder decoded = new StringBuilder();
    try (DataFileReader<GenericRecord> reader = new DataFileReader<>(out.toFile(), new GenericDatumReader<>())) {
      reader.forEach(record -> decoded.append(record).append('\n'));
    }
    String fileBytes = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
    for (String id : raw) {
      assertThat(decoded).as("decoded events").doesNotContain(id);
      assertThat(fileBytes).as("Avro file bytes").doesNotContain(id);
    }
    // The rejects file is the one place that keeps the original line, by design.
    assertThat(Files.readString(rejects)).contains("CUST-7731");
    List<EngineeredEvent> events = new ArrayList<>();
    try (DataFileReader<EngineeredEvent> reader =
             new DataFileReader<>(out.toFile(), new SpecificDatumReader<>(EngineeredEvent.class))) {
      reader.forEach(events::add);
    }
    assertThat(events).allSatisfy(e -> assertThat(e.getAttributes()).doesNotContainKey("customer_ref"));
  }
}
