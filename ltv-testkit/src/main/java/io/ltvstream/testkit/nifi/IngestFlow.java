package io.ltvstream.testkit.nifi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NiFi flow definition (the JSON that NiFi exports and imports, as flows/ltv-ingest.json) read for the
 * chain driver: its processors with their properties, its controller services, and its connections, with
 * {@code #{parameter}} references resolved from the flow's own parameter context.
 */
public final class IngestFlow {
  /** The shipped flow, copied from flows/ltv-ingest.json onto the class path at build time. */
  public static final String SHIPPED = "/flows/ltv-ingest.json";
  private static final Pattern PARAMETER = Pattern.compile("#\\{([^}]+)}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A processor or a controller service of the flow: its id, name, class and resolved properties. */
  public record Component(String id, String name, String type, String bundleGroup, Map<String, String> properties,
      List<String> autoTerminated) {}

  /** A connection: the source's relationships that go to the destination. */
  public record Connection(String sourceId, List<String> relationships, String destinationId) {}

  private final Map<String, Component> processors = new LinkedHashMap<>();
  private final Map<String, Component> services = new LinkedHashMap<>();
  private final List<Connection> connections = new ArrayList<>();

  private IngestFlow(JsonNode flow) {
    JsonNode group = flow.get("flowContents");
    Map<String, String> parameters = new HashMap<>();
    JsonNode context = flow.path("parameterContexts").path(group.path("parameterContextName").asText());
    context.path("parameters").forEach(p -> parameters.put(p.get("name").asText(), p.path("value").asText()));
    group.get("processors").forEach(p -> processors.put(p.get("identifier").asText(), component(p, parameters)));
    group.get("controllerServices").forEach(s -> services.put(s.get("identifier").asText(), component(s, parameters)));
    group.get("connections").forEach(c -> {
      List<String> relationships = new ArrayList<>();
      c.get("selectedRelationships").forEach(r -> relationships.add(r.asText()));
      connections.add(new Connection(c.get("source").get("id").asText(), relationships,
          c.get("destination").get("id").asText()));
    });
  }

  /** The flow shipped with this version (flows/ltv-ingest.json). */
  public static IngestFlow shipped() {
    try (InputStream in = IngestFlow.class.getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException(SHIPPED + " is not on the class path (ltv-testkit copies flows/ at build)");
      }
      return new IngestFlow(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A flow definition given as its JSON text. */
  public static IngestFlow parse(String json) {
    try {
      return new IngestFlow(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped flow's JSON text, for a test that changes a copy of it. */
  public static String shippedJson() {
    try (InputStream in = IngestFlow.class.getResourceAsStream(SHIPPED)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Map<String, Component> processors() {
    return processors;
  }

  public Map<String, Component> services() {
    return services;
  }

  public List<Connection> connections() {
    return connections;
  }

  /** Where {@code relationship} of the processor {@code sourceId} goes, if anywhere. */
  public Optional<Component> destination(String sourceId, String relationship) {
    List<Component> to = connections.stream()
        .filter(c -> c.sourceId().equals(sourceId) && c.relationships().contains(relationship))
        .map(c -> processors.get(c.destinationId())).toList();
    if (to.size() > 1) {
      throw new IllegalStateException(processors.get(sourceId).name() + "." + relationship
          + " goes to several destinations; the driver follows one");
    }
    return to.stream().findFirst();
  }

  private static Component component(JsonNode node, Map<String, String> parameters) {
    Map<String, String> properties = new LinkedHashMap<>();
    node.path("properties").properties().forEach(p -> {
      if (!p.getValue().isNull()) {
        properties.put(p.getKey(), resolve(p.getValue().asText(), parameters));
      }
    });
    List<String> autoTerminated = new ArrayList<>();
    node.path("autoTerminatedRelationships").forEach(r -> autoTerminated.add(r.asText()));
    return new Component(node.get("identifier").asText(), node.get("name").asText(), node.get("type").asText(),
        node.path("bundle").path("group").asText(), properties, autoTerminated);
  }

  private static String resolve(String value, Map<String, String> parameters) {
    Matcher m = PARAMETER.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (m.find()) {
      String parameter = parameters.get(m.group(1));
      if (parameter == null) {
        throw new IllegalArgumentException("the flow refers to parameter " + m.group(1) + ", which its context lacks");
      }
      m.appendReplacement(resolved, Matcher.quoteReplacement(parameter));
    }
    return m.appendTail(resolved).toString();
  }
}
