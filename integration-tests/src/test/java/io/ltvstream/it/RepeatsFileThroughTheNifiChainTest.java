package io.ltvstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.cli.testdata.CliRun;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.testkit.nifi.LtvIngestChain;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adversarial export through the shipped flow (LtvIngestChain, wired by flows/ltv-ingest.json) split over
 * 40 FlowFiles, and through ./ltv prepare as one file: unordered rows over a year, 10% of them sent again at the
 * end (old rows after newer ones, in other FlowFiles than their first copy), one malformed line, one far-future
 * time, one unknown currency and one line that is not UTF-8. Every repeat is a duplicate, every bad line an
 * invalid record with its reason and position, every other row comes out once, and both count the same.
 */
class RepeatsFileThroughTheNifiChainTest {
  private static final int ROWS = 2000;
  private static final int REPEATS = ROWS / 10;
  private static final int FLOW_FILES = 40;
  private static final Instant YEAR_START = Instant.parse("2024-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The bad lines and the reason each must be rejected with. */
  private static final Map<String, byte[]> BAD = new LinkedHashMap<>();

  static {
    BAD.put("malformed_record", utf8("{\"user_id\":\"u7\",\"event_time\":\"2024-05-01T10:00:00Z\",\"event_type\":"));
    BAD.put("future_event_time", row("u8", Instant.parse("2999-01-01T00:00:00Z"), 10, "USD"));
    BAD.put("unknown_currency", row("u9", Instant.parse("2024-06-01T12:00:00Z"), 10, "XYZ"));
    ByteArrayOutputStream notUtf8 = new ByteArrayOutputStream();
    notUtf8.writeBytes(utf8("{\"user_id\":\"u"));
    notUtf8.write(0xff);
    notUtf8.writeBytes(utf8("1\",\"event_time\":\"2024-07-01T12:00:00Z\",\"event_type\":\"purchase\",\"amount\":3}"));
    BAD.put("invalid_encoding", notUtf8.toByteArray());
  }

  @TempDir Path dir;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] row(String user, Instant at, int amount, String currency) {
    return utf8(String.format("{\"user_id\":\"%s\",\"event_time\":\"%s\",\"event_type\":\"purchase\",\"amount\":%d.5,"
        + "\"currency\":\"%s\"}", user, at, amount, currency));
  }

  @Test
  void everyRepeatIsADuplicateAcrossFlowFilesAndTheCountsMatchPrepare() throws Exception {
    Random random = new Random(15);
    List<Instant> times = new ArrayList<>();
    List<byte[]> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Instant at = YEAR_START.plus(Duration.ofMinutes(random.nextInt(365 * 24 * 60)));
      times.add(at);
      rows.add(row("u" + random.nextInt(300), at, i, i % 3 == 0 ? "EUR" : "USD"));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<byte[]> lines = new ArrayList<>();
    order.forEach(i -> lines.add(rows.get(i)));
    // re-sent: the 50 oldest rows and 150 others, shuffled, after everything else
    List<Integer> resent = new ArrayList<>(order.stream().sorted(Comparator.comparing(times::get)).limit(50).toList());
    order.stream().filter(i -> !resent.contains(i)).limit(REPEATS - 50).forEach(resent::add);
    Collections.shuffle(resent, random);
    resent.forEach(i -> lines.add(rows.get(i)));
    Map<String, Integer> badLines = new LinkedHashMap<>();
    BAD.forEach((reason, line) -> {
      int at = random.nextInt(lines.size());
      lines.add(at, line);
      badLines.replaceAll((r, n) -> n >= at ? n + 1 : n);
      badLines.put(reason, at);
    });

    List<byte[]> flowFiles = new ArrayList<>();
    Map<Integer, Integer> flowFileOfLine = new HashMap<>();
    int perFlowFile = (lines.size() + FLOW_FILES - 1) / FLOW_FILES;
    for (int start = 0; start < lines.size(); start += perFlowFile) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      for (int n = start; n < Math.min(lines.size(), start + perFlowFile); n++) {
        content.writeBytes(lines.get(n));
        content.write('\n');
        flowFileOfLine.put(n, flowFiles.size());
      }
      flowFiles.add(content.toByteArray());
    }
    assertThat(flowFiles).hasSize(FLOW_FILES);
    Set<Integer> resentFlowFiles = new HashSet<>();
    for (int n = lines.size() - REPEATS - BAD.size(); n < lines.size(); n++) {
      resentFlowFiles.add(flowFileOfLine.get(n));
    }
    assertThat(resentFlowFiles).as("the repeats come in other FlowFiles than most first copies").hasSizeLessThan(8);

    Map<String, String> mapping = Map.of("format", "jsonl", "field.user_id", "user_id",
        "field.event_time", "event_time", "field.event_type", "event_type", "field.amount", "amount",
        "field.currency", "currency", "currency.default", "USD", "currency.base", "USD",
        "currency.rates", "EUR=1.08, GBP=1.27");
    LtvIngestChain chain = LtvIngestChain.mappedBy(mapping);
    LtvIngestChain.Outcome nifi = chain.run(flowFiles);
    List<LtvIngestChain.Message> messages = chain.messages();

    long in = lines.size();
    assertThat(in).as("records in = valid + invalid + duplicate")
        .isEqualTo(messages.size() + nifi.invalid() + nifi.duplicates());
    assertThat(nifi.duplicates()).as("every re-sent row").isEqualTo(REPEATS);
    assertThat(nifi.invalidReasons()).as("each bad line, with its reason")
        .isEqualTo(new TreeMap<>(Map.of("malformed_record", 1L, "future_event_time", 1L, "unknown_currency", 1L,
            "invalid_encoding", 1L)));
    assertThat(messages).as("every distinct row, once").hasSize(ROWS);
    AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
    Set<String> published = new HashSet<>();
    for (LtvIngestChain.Message message : messages) {
      EngineeredEvent event = codec.decode(message.value());
      assertThat(published.add(event.getUserId() + "@" + event.getEventTime()))
          .as("published once").isTrue();
    }
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < ROWS; i++) {
      distinct.add(JSON.readTree(rows.get(i)).get("user_id").asText() + "@" + times.get(i));
    }
    assertThat(distinct).as("no two rows share a user and a minute").hasSize(ROWS);
    assertThat(published).isEqualTo(distinct);
    assertThat(nifi.delivered()).containsEntry("Keep duplicate records", (long) REPEATS)
        .containsEntry("Keep invalid records", (long) BAD.size());

    // each bad line as kept: its reason, and its line in its FlowFile (or its record's position there)
    Map<String, Integer> keptAt = new HashMap<>();
    for (MockFlowFile kept : chain.kept().get("Keep invalid records")) {
      for (String line : new String(kept.toByteArray(), StandardCharsets.UTF_8).split("\n")) {
        for (JsonNode record : JSON.readTree(line.startsWith("[") ? line : "[" + line + "]")) {
          JsonNode position = record.has("ltv_reject_line") ? record.get("ltv_reject_line") : record.get("ltv_reject_record");
          assertThat(position).as("position of " + record).isNotNull();
          assertThat(record.get("ltv_reject_detail").asText()).isNotBlank();
          keptAt.put(record.get("ltv_reject_reason").asText(), position.asInt());
        }
      }
    }
    Map<String, Integer> expectedAt = new HashMap<>();
    badLines.forEach((reason, n) -> expectedAt.put(reason, n - flowFileOfLine.get(n) * perFlowFile + 1));
    assertThat(keptAt).isEqualTo(expectedAt);

    Path input = dir.resolve("export.jsonl");
    try (var out = Files.newOutputStream(input)) {
      for (byte[] line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
    Path mappingFile = dir.resolve("mapping.properties");
    List<String> properties = new ArrayList<>();
    mapping.forEach((key, value) -> properties.add(key + "=" + value));
    Files.write(mappingFile, properties, StandardCharsets.UTF_8);
    Path summary = dir.resolve("summary.json");
    CliRun prepare = CliRun.of("prepare", "--input", input.toString(), "--mapping", mappingFile.toString(),
        "--out", dir.resolve("events.avro").toString(), "--rejects", dir.resolve("rejects.jsonl").toString(),
        "--json", summary.toString(), "--no-progress");
    assertThat(prepare.exit()).as(prepare.err()).isZero();
    JsonNode prepared = JSON.readTree(summary.toFile());
    assertThat(prepared.get("records").asLong()).isEqualTo(in);
    assertThat(prepared.get("valid").asLong()).as("prepare's valid = the chain's").isEqualTo(messages.size());
    assertThat(prepared.get("duplicates").asLong()).as("prepare's duplicates = the chain's").isEqualTo(nifi.duplicates());
    assertThat(prepared.get("invalid").asLong()).isEqualTo(nifi.invalid());
    Map<String, Long> prepareReasons = new TreeMap<>();
    prepared.get("reasons").properties().forEach(e -> prepareReasons.put(e.getKey(), e.getValue().asLong()));
    assertThat(prepareReasons).isEqualTo(nifi.invalidReasons());
    List<Long> rejectLines = new ArrayList<>();
    for (String reject : Files.readAllLines(dir.resolve("rejects.jsonl"))) {
      rejectLines.add(JSON.readTree(reject).get("line").asLong());
    }
    assertThat(rejectLines).as("prepare's reject lines, numbered in the whole file")
        .containsExactlyInAnyOrderElementsOf(badLines.values().stream().map(n -> n + 1L).toList());
  }
}
