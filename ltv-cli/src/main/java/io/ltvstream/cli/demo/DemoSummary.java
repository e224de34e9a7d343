package io.ltvstream.cli.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code ./ltv demo --json} writes. Conservation holds when the run is complete:
 * raw_records = valid + invalid + duplicates, events_published = valid, and events_published = scores +
 * dlq + scorer_duplicates (events the scorer had seen before for their user: not applied, not scored).
 */
public record DemoSummary(
    @JsonProperty("raw_records") long rawRecords,
    @JsonProperty("valid") long valid,
    @JsonProperty("invalid") long invalid,
    @JsonProperty("duplicates") long duplicates,
    @JsonProperty("events_published") long eventsPublished,
    @JsonProperty("scores") long scores,
    @JsonProperty("dlq") long dlq,
    @JsonProperty("scorer_duplicates") long scorerDuplicates,
    @JsonProperty("users") long users,
    @JsonProperty("seconds") double seconds) {

  public boolean conserved() {
    return rawRecords == valid + invalid + duplicates && eventsPublished == valid
        && eventsPublished == scores + dlq + scorerDuplicates;
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the demo summary as JSON", e);
    }
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson() + "\n");
  }
}
