package io.ltvstream.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo, small: the whole product runs, every record is accounted for, and it writes what it says. */
class DemoTest {
  @TempDir Path dir;

  @Test
  void aSmallShopRunsEndToEndAndEveryRecordIsAccountedFor() throws Exception {
    Path report = dir.resolve("demo-report.html");
    Path json = dir.resolve("demo.json");
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    int exit = Demo.run(new DemoOptions(120, 90, 0.667, 5, report, 5), json,
        new PrintStream(terminal, true, StandardCharsets.UTF_8));

    JsonNode summary = new ObjectMapper().readTree(json.toFile());
    List<String> keys = new ArrayList<>();
    summary.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("raw_records", "valid", "invalid", "duplicates", "events_published",
        "scores", "dlq", "scorer_duplicates", "users", "seconds");
    long raw = summary.get("raw_records").asLong();
    long valid = summary.get("valid").asLong();
    assertThat(exit).isZero();
    assertThat(raw).isEqualTo(valid + summary.get("invalid").asLong() + summary.get("duplicates").asLong());
    assertThat(summary.get("invalid").asLong()).isPositive();
    assertThat(summary.get("duplicates").asLong()).isPositive();
    assertThat(summary.get("events_published").asLong()).isEqualTo(valid)
        .isEqualTo(summary.get("scores").asLong() + summary.get("dlq").asLong()
            + summary.get("scorer_duplicates").asLong());
    assertThat(summary.get("users").asLong()).isEqualTo(120);
    String html = Files.readString(report);
    assertThat(html).contains("raw = valid + invalid + duplicates", "holds", "Top 5 users").doesNotContain("does not hold");
    String out = terminal.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("top 5 users", "GET /v1/users/u-", "-> 200");
  }
}
