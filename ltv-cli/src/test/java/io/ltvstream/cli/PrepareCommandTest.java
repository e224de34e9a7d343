package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrepareCommandTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Ltv.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Path mapping() throws IOException {
    return Files.writeString(dir.resolve("mapping.properties"), String.join("\n",
        "field.user_id=user", "field.event_time=ts", "field.event_type=type", "field.amount=amount",
        "format=jsonl"));
  }

  @Test
  void badRecordsAreRejectsAndTheRunSucceeds() throws IOException {
    Path input = Files.writeString(dir.resolve("in.jsonl"), String.join("\n",
        "{\"user\":\"a\",\"ts\":\"2024-01-01T00:00:00Z\",\"type\":\"purchase\",\"amount\":5}",
        "{\"user\":\"a\",\"ts\":\"2024-01-01T00:00:00Z\",\"type\":\"purchase\",\"amount\":5}",
        "{not json",
        "{\"user\":\"b\",\"ts\":\"2024-01-01T00:00:00Z\",\"type\":\"juggle\"}") + "\n");
    Path summaryFile = dir.resolve("summary.json");

    int exit = run("prepare", "--input", input.toString(), "--mapping", mapping().toString(),
        "--out", dir.resolve("out.avro").toString(), "--rejects", dir.resolve("rejects.jsonl").toString(),
        "--json", summaryFile.toString(), "--no-progress");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
    assertThat(summary.get("records").asInt()).isEqualTo(4);
    assertThat(summary.get("valid").asInt()).isEqualTo(1);
    assertThat(summary.get("duplicates").asInt()).isEqualTo(1);
    assertThat(summary.get("invalid").asInt()).isEqualTo(2);
    assertThat(summary.get("reasons").get("malformed_record").asInt()).isEqualTo(1);
    assertThat(summary.get("reasons").get("unknown_event_type").asInt()).isEqualTo(1);
    assertThat(Files.readAllLines(dir.resolve("rejects.jsonl"))).hasSize(2);
    assertThat(new ObjectMapper().readTree(out.toString()).get("records").asInt()).isEqualTo(4);
  }

  @Test
  void anUnreadableInputFailsWithAClearMessage() throws IOException {
    int exit = run("prepare", "--input", dir.resolve("nope.jsonl").toString(), "--mapping", mapping().toString(),
        "--out", dir.resolve("out.avro").toString());
    assertThat(exit).isEqualTo(PrepareCommand.EXIT_UNREADABLE);
    assertThat(err.toString()).contains("cannot read", "nope.jsonl", "no such file");
  }

  @Test
  void aBrokenMappingIsAUsageError() throws IOException {
    Path mapping = Files.writeString(dir.resolve("bad.properties"), "field.user_id=user\n");
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{}\n");
    int exit = run("prepare", "--input", input.toString(), "--mapping", mapping.toString(),
        "--out", dir.resolve("out.avro").toString());
    assertThat(exit).isEqualTo(PrepareCommand.EXIT_USAGE);
    assertThat(err.toString()).contains("field.event_time");
  }
}
