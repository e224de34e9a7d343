package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.cli.testdata.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareCommandTest {
  @TempDir
  Path dir;

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

    CliRun run = CliRun.of("prepare", "--input", input.toString(), "--mapping", mapping().toString(),
        "--out", dir.resolve("out.avro").toString(), "--rejects", dir.resolve("rejects.jsonl").toString(),
        "--json", summaryFile.toString(), "--no-progress");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
    assertThat(summary.get("records").asInt()).isEqualTo(4);
    assertThat(summary.get("valid").asInt()).isEqualTo(1);
    assertThat(summary.get("duplicates").asInt()).isEqualTo(1);
    assertThat(summary.get("invalid").asInt()).isEqualTo(2);
    assertThat(summary.get("reasons").get("malformed_record").asInt()).isEqualTo(1);
    assertThat(summary.get("reasons").get("unknown_event_type").asInt()).isEqualTo(1);
    assertThat(Files.readAllLines(dir.resolve("rejects.jsonl"))).hasSize(2);
    assertThat(new ObjectMapper().readTree(run.out()).get("records").asInt()).isEqualTo(4);
  }

  @Test
  void anUnreadableInputFailsWithAClearMessage() throws IOException {
    CliRun run = CliRun.of("prepare", "--input", dir.resolve("nope.jsonl").toString(), "--mapping", mapping().toString(),
        "--out", dir.resolve("out.avro").toString());
    assertThat(run.exit()).isEqualTo(PrepareCommand.EXIT_UNREADABLE);
    assertThat(run.err()).contains("cannot read", "nope.jsonl", "no such file");
  }

  @Test
  void aMissingMappingIsNamedWithItsReason() throws IOException {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{}\n");
    Path mapping = dir.resolve("nope.properties");

    CliRun run = CliRun.of("prepare", "--input", input.toString(), "--mapping", mapping.toString(),
        "--out", dir.resolve("out.avro").toString());

    assertThat(run.err()).contains("cannot read the mapping " + mapping + ": no such file: " + mapping);
  }

  @Test
  void aMappingOfAnotherFormatThatRejectsEveryRecordIsAFailure() {
    // the shop's JSON-lines mapping on the retail CSV: every row is malformed to it
    CliRun run = CliRun.of("prepare", "--input", "../examples/retail-dirty.csv",
        "--mapping", "../examples/shop-mapping.properties", "--out", dir.resolve("out.avro").toString());

    assertThat(run.exit()).as(run.err()).isEqualTo(PrepareCommand.EXIT_NOTHING_VALID);
    assertThat(run.err()).contains("not one of the", "records of ../examples/retail-dirty.csv was valid",
        "--rejects F keeps them with their reasons", "does the mapping ../examples/shop-mapping.properties match");
  }

  @Test
  void aBrokenMappingIsAUsageError() throws IOException {
    Path mapping = Files.writeString(dir.resolve("bad.properties"), "field.user_id=user\n");
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{}\n");
    CliRun run = CliRun.of("prepare", "--input", input.toString(), "--mapping", mapping.toString(),
        "--out", dir.resolve("out.avro").toString());
    assertThat(run.exit()).isEqualTo(PrepareCommand.EXIT_USAGE);
    assertThat(run.err()).contains("field.event_time");
  }

  @Test
  void profilesArePseudonymizedLikeTheEventsOfTheSameUsers() throws IOException {
    Path events = Files.writeString(dir.resolve("in.jsonl"),
        "{\"user\":\"alice@example.com\",\"ts\":\"2024-01-01T00:00:00Z\",\"type\":\"purchase\",\"amount\":5}\n");
    Path eventMapping = Files.writeString(dir.resolve("events.properties"), String.join("\n",
        "field.user_id=user", "field.event_time=ts", "field.event_type=type", "field.amount=amount",
        "format=jsonl", "pseudonymize.key=s3cret"));
    Path profiles = Files.writeString(dir.resolve("profiles.csv"), String.join("\n",
        "customer,age,sex,country,source,joined,tier",
        "alice@example.com,25-34,F,United Kingdom,Search,2023-12-01,gold",
        ",35-44,M,France,Social,2023-12-02,silver",
        "bob@example.com,,,,,01/12/2023,") + "\n");
    Path profileMapping = Files.writeString(dir.resolve("profiles.properties"), String.join("\n",
        "field.user_id=customer", "field.age_band=age", "field.gender=sex", "field.region=country",
        "field.acquisition_channel=source", "field.signup_date=joined", "attributes.keep=tier",
        "pseudonymize.key=s3cret"));
    Path eventsOut = dir.resolve("events.avro");
    Path profilesOut = dir.resolve("profiles.avro");

    CliRun run = CliRun.of("prepare", "--input", events.toString(), "--mapping", eventMapping.toString(), "--out",
        eventsOut.toString(), "--profiles", profiles.toString(), "--profile-mapping", profileMapping.toString(),
        "--profiles-out", profilesOut.toString(), "--profile-rejects", dir.resolve("pr.jsonl").toString(),
        "--no-progress");

    assertThat(run.exit()).as(run.err()).isZero();
    String eventUser = io.ltvstream.core.history.EngineeredEventFileReader.read(eventsOut).events().get(0).getUserId();
    java.util.Map<String, io.ltvstream.avro.UserProfile> read =
        io.ltvstream.core.history.UserProfileFileReader.read(profilesOut);
    assertThat(read).containsOnlyKeys(eventUser);
    assertThat(eventUser).doesNotContain("alice").hasSize(64);
    io.ltvstream.avro.UserProfile alice = read.get(eventUser);
    assertThat(alice.getAgeBand()).isEqualTo("25-34");
    assertThat(alice.getGender()).isEqualTo("f");
    assertThat(alice.getRegion()).isEqualTo("united kingdom");
    assertThat(alice.getAcquisitionChannel()).isEqualTo("search");
    assertThat(alice.getSignupDate()).isEqualTo(java.time.LocalDate.parse("2023-12-01"));
    assertThat(alice.getAttributes()).containsEntry("tier", "gold");
    // stdout: the profiles' summary, then the events'
    JsonNode summary = new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(run.out()).next();
    assertThat(summary.get("records").asInt()).isEqualTo(3);
    assertThat(summary.get("reasons").get("missing_user_id").asInt()).isEqualTo(1);
    assertThat(summary.get("reasons").get("unparsable_signup_date").asInt()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("pr.jsonl"))).contains("01/12/2023").doesNotContain("alice");
  }

  @Test
  void profilesWithoutTheirMappingAreAUsageError() {
    CliRun run = CliRun.of("prepare", "--profiles", "p.csv", "--profiles-out", dir.resolve("p.avro").toString());
    assertThat(run.exit()).isEqualTo(PrepareCommand.EXIT_USAGE);
    assertThat(run.err()).contains("--profile-mapping");
  }
}
