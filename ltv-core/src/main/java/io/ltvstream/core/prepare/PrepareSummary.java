package io.ltvstream.core.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltvstream.core.cleaning.RejectReason;
import io.ltvstream.core.dedupe.EventDeduplicator;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a prepare run did. {@code records = valid + invalid + duplicates} holds by construction: a
 * record is counted once, when its fate is known.
 */
public final class PrepareSummary {
  private final String input;
  private long valid;
  private long invalid;
  private long duplicates;
  private final Map<String, Long> reasons = new TreeMap<>();
  private EventDeduplicator.Stats dedupe = new EventDeduplicator.Stats(0, 0, 0);
  private int dedupeMaxEvents;

  PrepareSummary(String input) {
    this.input = input;
  }

  void countValid() {
    valid++;
  }

  void countInvalid(RejectReason reason) {
    invalid++;
    reasons.merge(reason.code(), 1L, Long::sum);
  }

  void countDuplicate() {
    duplicates++;
  }

  void dedupe(EventDeduplicator.Stats stats, int maxEvents) {
    this.dedupe = stats;
    this.dedupeMaxEvents = maxEvents;
  }

  public String input() {
    return input;
  }

  public long records() {
    return valid + invalid + duplicates;
  }

  public long valid() {
    return valid;
  }

  public long invalid() {
    return invalid;
  }

  public long duplicates() {
    return duplicates;
  }

  /** Invalid records by reason code, sorted by code. */
  public Map<String, Long> reasons() {
    return Collections.unmodifiableMap(reasons);
  }

  public EventDeduplicator.Stats dedupeStats() {
    return dedupe;
  }

  /** The summary JSON: records, valid, invalid, duplicates, reasons, then dedupe's bound and evictions. */
  public String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("input", input);
    root.put("records", records());
    root.put("valid", valid);
    root.put("invalid", invalid);
    root.put("duplicates", duplicates);
    ObjectNode byReason = root.putObject("reasons");
    reasons.forEach(byReason::put);
    ObjectNode ids = root.putObject("dedupe");
    ids.put("max_events", dedupeMaxEvents);
    ids.put("remembered", dedupe.remembered());
    // Above zero, a repeat of a forgotten id may have passed as valid: raise dedupe.max_events.
    ids.put("evicted", dedupe.evicted());
    try {
      return json.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of numbers and strings always serializes", e);
    }
  }
}
