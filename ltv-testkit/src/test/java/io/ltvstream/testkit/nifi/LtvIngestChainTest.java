package io.ltvstream.testkit.nifi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The chain driver runs the wiring and the property values of the flow definition it is given, nothing else. */
class LtvIngestChainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INVALID = "Keep invalid records";
  private static final String DUPLICATE = "Keep duplicate records";
  private static final String UNREADABLE = "Keep unreadable FlowFiles";
  private static final String PUBLISH = "Publish to ltv-events (key user_id)";
  private static final String LONG_PRODUCT = "p-" + "x".repeat(48);

  /** Four good records (one with a 50-character product id), one repeat, one malformed line. */
  private static List<byte[]> flowFiles() {
    String first = """
        {"event_id":"e1","user_id":"u1","event_time":"2024-03-01T10:00:00Z","event_type":"purchase","amount":5}
        {"event_id":"e2","user_id":"u2","event_time":
        {"event_id":"e3","user_id":"u3","event_time":"2024-03-01T11:00:00Z","event_type":"view"}
        """;
    String second = """
        {"event_id":"e1","user_id":"u1","event_time":"2024-03-01T10:00:00Z","event_type":"purchase","amount":5}
        {"event_id":"e4","user_id":"u1","event_time":"2024-03-02T10:00:00Z","event_type":"view"}
        {"event_id":"e5","user_id":"u2","event_time":"2024-03-03T10:00:00Z","event_type":"view","product_id":"%s"}
        """.formatted(LONG_PRODUCT);
    return List.of(first.getBytes(StandardCharsets.UTF_8), second.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theShippedFlowKeepsInvalidAndDuplicateRecordsAndPublishesTheRestKeyedByUser() throws Exception {
    LtvIngestChain chain = LtvIngestChain.mappedBy(Map.of());
    LtvIngestChain.Outcome outcome = chain.run(flowFiles());

    assertThat(outcome.delivered()).containsExactlyInAnyOrderEntriesOf(Map.of(INVALID, 1L, DUPLICATE, 1L,
        UNREADABLE, 0L, PUBLISH, 4L));
    assertThat(outcome.invalidReasons()).containsExactly(Map.entry("malformed_record", 1L));
    assertThat(chain.kept().get(INVALID).getFirst().getContent()).contains("\"ltv_reject_line\":\"2\"");
    assertThat(chain.messages()).extracting(LtvIngestChain.Message::key).containsExactly("u1", "u3", "u1", "u2");
  }

  @Test
  void aConnectionChangedInTheFlowFileChangesWhereRecordsGo() throws Exception {
    IngestFlow changed = changedFlow(group -> {
      String invalidKeeper = idOf(group, INVALID);
      for (JsonNode connection : group.get("connections")) {
        if (connection.get("destination").get("name").asText().equals(DUPLICATE)) {
          ((ObjectNode) connection.get("destination")).put("id", invalidKeeper).put("name", INVALID);
        }
      }
    });
    LtvIngestChain.Outcome outcome = LtvIngestChain.of(changed, Map.of()).run(flowFiles());

    assertThat(outcome.delivered()).containsExactlyInAnyOrderEntriesOf(Map.of(INVALID, 2L, UNREADABLE, 0L, PUBLISH, 4L));
    assertThat(outcome.duplicates()).isEqualTo(1);
  }

  @Test
  void aPropertyChangedInTheFlowFileChangesWhatIsValid() throws Exception {
    IngestFlow changed = changedFlow(group -> {
      for (JsonNode processor : group.get("processors")) {
        if (processor.get("name").asText().equals("CleanUserEvents")) {
          ((ObjectNode) processor.get("properties")).put("Maximum Field Length", "40");
        }
      }
    });
    LtvIngestChain.Outcome outcome = LtvIngestChain.of(changed, Map.of()).run(flowFiles());

    assertThat(outcome.invalidReasons()).containsOnly(Map.entry("malformed_record", 1L), Map.entry("field_too_long", 1L));
    assertThat(outcome.delivered()).containsEntry(PUBLISH, 3L);
  }

  @Test
  void aRelationshipTheFlowLeavesUnconnectedStopsTheRun() throws Exception {
    IngestFlow changed = changedFlow(group -> {
      ArrayNode connections = (ArrayNode) group.get("connections");
      for (int i = connections.size() - 1; i >= 0; i--) {
        JsonNode connection = connections.get(i);
        if (connection.get("source").get("name").asText().equals("EngineerEventFeatures")
            && connection.get("selectedRelationships").toString().contains("failure")) {
          connections.remove(i);
        }
      }
    });
    assertThatThrownBy(() -> LtvIngestChain.of(changed, Map.of()).run(flowFiles()))
        .hasMessageContaining("EngineerEventFeatures.failure goes nowhere");
  }

  private static IngestFlow changedFlow(Consumer<JsonNode> change) throws Exception {
    JsonNode flow = JSON.readTree(IngestFlow.shippedJson());
    change.accept(flow.get("flowContents"));
    return IngestFlow.parse(JSON.writeValueAsString(flow));
  }

  private static String idOf(JsonNode group, String name) {
    for (JsonNode processor : group.get("processors")) {
      if (processor.get("name").asText().equals(name)) {
        return processor.get("identifier").asText();
      }
    }
    throw new AssertionError("no processor " + name);
  }
}
