package io.ltvstream.nifi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.nifi.avro.LtvAvroMessageWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.nifi.avro.AvroReader;
import org.apache.nifi.avro.AvroRecordSetWriter;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * flows/ltv-ingest.json configures this bundle's components exactly as they are: every property it sets exists
 * and is valid (parameters resolved from the flow's own context), every relationship goes somewhere, and nothing
 * invalid or duplicate is dropped.
 */
class IngestFlowDefinitionTest {
  private static final Pattern PARAMETER = Pattern.compile("#\\{([^}]+)}");
  private static JsonNode group;
  private static Map<String, String> parameters;

  @BeforeAll
  static void readFlow() throws IOException {
    JsonNode flow = new ObjectMapper().readTree(Path.of("..", "flows", "ltv-ingest.json").toFile());
    group = flow.get("flowContents");
    parameters = new HashMap<>();
    flow.get("parameterContexts").get(group.get("parameterContextName").asText()).get("parameters")
        .forEach(p -> parameters.put(p.get("name").asText(), p.get("value").asText()));
  }

  private static String resolve(String value) {
    Matcher m = PARAMETER.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (m.find()) {
      assertThat(parameters).as("parameter " + m.group(1)).containsKey(m.group(1));
      m.appendReplacement(resolved, Matcher.quoteReplacement(parameters.get(m.group(1))));
    }
    return m.appendTail(resolved).toString();
  }

  private static JsonNode component(String type) {
    for (JsonNode processor : group.get("processors")) {
      if (processor.get("type").asText().equals(type)) {
        return processor;
      }
    }
    throw new AssertionError("no " + type + " in the flow");
  }

  private static String nameOf(String identifier) {
    for (JsonNode processor : group.get("processors")) {
      if (processor.get("identifier").asText().equals(identifier)) {
        return processor.get("type").asText();
      }
    }
    throw new AssertionError("no processor " + identifier);
  }

  /** Configures a runner as the flow does, with NiFi's real record services under the flow's service ids. */
  private static TestRunner configured(Class<? extends Processor> type) throws Exception {
    TestRunner runner = TestRunners.newTestRunner(type);
    Map<String, ControllerService> byType = Map.of(
        "org.apache.nifi.json.JsonTreeReader", new JsonTreeReader(),
        "org.apache.nifi.avro.AvroReader", new AvroReader(),
        "org.apache.nifi.avro.AvroRecordSetWriter", new AvroRecordSetWriter(),
        "org.apache.nifi.json.JsonRecordSetWriter", new JsonRecordSetWriter(),
        "io.ltvstream.nifi.avro.LtvAvroMessageWriter", new LtvAvroMessageWriter());
    for (JsonNode service : group.get("controllerServices")) {
      ControllerService instance = byType.get(service.get("type").asText());
      if (instance != null) {
        runner.addControllerService(service.get("identifier").asText(), instance);
        service.get("properties").properties().forEach(p -> runner.setProperty(instance, p.getKey(), resolve(p.getValue().asText())));
        runner.enableControllerService(instance);
      }
    }
    JsonNode processor = component(type.getName());
    Set<String> supported = new HashSet<>();
    runner.getProcessor().getPropertyDescriptors().forEach(d -> supported.add(d.getName()));
    processor.get("properties").properties().forEach(p -> {
      assertThat(supported).as(type.getSimpleName() + " property").contains(p.getKey());
      runner.setProperty(p.getKey(), resolve(p.getValue().asText()));
    });
    return runner;
  }

  @Test
  void ourProcessorsAreValidAsConfigured() throws Exception {
    configured(CleanUserEvents.class).assertValid();
    configured(DeduplicateUserEvents.class).assertValid();
    configured(EngineerEventFeatures.class).assertValid();
  }

  /** As shipped, a malformed JSON line among good ones costs only itself: nothing valid reaches 'failure'. */
  @Test
  void theShippedCleanUserEventsKeepsGoodLinesBesideABadOne() throws Exception {
    TestRunner clean = configured(CleanUserEvents.class);
    clean.enqueue("""
        {"event_id":"e1","user_id":"u1","event_time":"2024-03-01T10:00:00Z","event_type":"purchase","amount":5}
        {"event_id":"e2","user_id":"u2","event_time":
        {"event_id":"e3","user_id":"u3","event_time":"2024-03-01T11:00:00Z","event_type":"view"}
        """);
    clean.run();
    clean.assertTransferCount(CleanUserEvents.REL_FAILURE, 0);
    clean.getFlowFilesForRelationship(CleanUserEvents.REL_VALID).getFirst().assertAttributeEquals("record.count", "2");
    clean.getFlowFilesForRelationship(CleanUserEvents.REL_INVALID).getFirst()
        .assertAttributeEquals("ltv.invalid.reason.malformed_record", "1");
  }

  @Test
  void everyRelationshipOfOurProcessorsGoesSomewhere() throws Exception {
    for (Class<? extends Processor> type : java.util.List.of(CleanUserEvents.class, DeduplicateUserEvents.class,
        EngineerEventFeatures.class)) {
      JsonNode processor = component(type.getName());
      Set<String> routed = new HashSet<>();
      processor.get("autoTerminatedRelationships").forEach(r -> routed.add(r.asText()));
      for (JsonNode connection : group.get("connections")) {
        if (connection.get("source").get("id").asText().equals(processor.get("identifier").asText())) {
          connection.get("selectedRelationships").forEach(r -> routed.add(r.asText()));
        }
      }
      for (Relationship relationship : TestRunners.newTestRunner(type).getProcessor().getRelationships()) {
        assertThat(routed).as(type.getSimpleName() + " relationship").contains(relationship.getName());
      }
      assertThat(processor.get("autoTerminatedRelationships")).as(type.getSimpleName() + " drops nothing").isEmpty();
    }
  }

  @Test
  void invalidAndDuplicateRecordsAreKeptAndEventsGoToKafkaKeyedByUser() {
    Map<String, String> destinations = new HashMap<>();
    for (JsonNode connection : group.get("connections")) {
      String source = nameOf(connection.get("source").get("id").asText());
      String destination = nameOf(connection.get("destination").get("id").asText());
      connection.get("selectedRelationships").forEach(r ->
          destinations.put(source.substring(source.lastIndexOf('.') + 1) + "." + r.asText(), destination));
    }
    assertThat(destinations).containsEntry("ListenHTTP.success", CleanUserEvents.class.getName())
        .containsEntry("CleanUserEvents.valid", DeduplicateUserEvents.class.getName())
        .containsEntry("CleanUserEvents.invalid", "org.apache.nifi.processors.standard.PutFile")
        .containsEntry("DeduplicateUserEvents.unique", EngineerEventFeatures.class.getName())
        .containsEntry("DeduplicateUserEvents.duplicate", "org.apache.nifi.processors.standard.PutFile")
        .containsEntry("EngineerEventFeatures.success", "org.apache.nifi.kafka.processors.PublishKafka");

    JsonNode publish = component("org.apache.nifi.kafka.processors.PublishKafka");
    assertThat(publish.get("properties").get("Message Key Field").asText()).isEqualTo("user_id");
    String writerId = publish.get("properties").get("Record Writer").asText();
    JsonNode kafka = null;
    for (JsonNode service : group.get("controllerServices")) {
      if (service.get("identifier").asText().equals(writerId)) {
        assertThat(service.get("type").asText()).isEqualTo(LtvAvroMessageWriter.class.getName());
      }
      if (service.get("type").asText().equals("org.apache.nifi.kafka.service.Kafka3ConnectionService")) {
        kafka = service;
      }
    }
    assertThat(kafka).as("a Kafka3ConnectionService").isNotNull();
    assertThat(kafka.get("bundle").get("artifact").asText()).isEqualTo("nifi-kafka-3-service-nar");
  }
}
