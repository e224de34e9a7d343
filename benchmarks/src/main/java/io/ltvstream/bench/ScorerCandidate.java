package io.ltvstream.bench;

import io.ltvstream.avro.LtvScore;
import io.ltvstream.model.Engine;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.scorer.monitoring.MonitoringSettings;
import io.ltvstream.scorer.topology.ScorerMetrics;
import io.ltvstream.scorer.topology.ScorerTopology;
import io.ltvstream.scorer.topology.SegmentRules;
import io.ltvstream.scorer.topology.TopologySettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/** The production scorer topology (UserLtvProcessor, its store, the kernel) as a bench candidate. */
final class ScorerCandidate {
  static final String DEAD_LETTERS = "bench-dlq";

  private ScorerCandidate() {}

  static CandidateTopology of(ModelBundle bundle) {
    return candidate("scorer", bundle, null);
  }

  /** The same scorer joining each event with its user's profile from {@code profilesTopic} (a KTable). */
  static CandidateTopology withProfiles(ModelBundle bundle, String profilesTopic) {
    return candidate("scorer-profiles", bundle, profilesTopic);
  }

  private static CandidateTopology candidate(String name, ModelBundle bundle, String profilesTopic) {
    ScorerMetrics metrics = new ScorerMetrics();
    TopologySettings defaults = TopologySettings.defaults();
    AvroMessageCodec<LtvScore> scores = AvroMessageCodec.of(LtvScore.class);
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    settings.put("processing.exception.handler.global.enabled", "true");
    ScorerTopology.errorHandling(settings(defaults, "unused", "unused", profilesTopic), metrics)
        .forEach((key, value) -> settings.put(key.toString(), value));
    return new CandidateTopology(name,
        (input, output) -> ScorerTopology.build(settings(defaults, input, output, profilesTopic), () -> bundle, metrics,
            LtvSchemaStore.standard(), ScorerTopology.DEFAULT_MAX_RECORD_BYTES),
        settings, value -> scores.decode(value).getEventId());
  }

  private static TopologySettings settings(TopologySettings defaults, String input, String output,
                                           String profilesTopic) {
    return new TopologySettings(input, output, DEAD_LETTERS, defaults.grace(), defaults.recentSteps(),
        null, Duration.ofHours(1), TopologySettings.IdleClock.WALL, Engine.KERNEL, SegmentRules.DEFAULT,
        // Monitoring off: the bench's input crosses a year of event time in seconds. The window scan
        // rolls a slice of the users per day of event time (no burst), but a year holds 13 passes
        // over every user, which a live service spreads over a year and the bench's 10 s latency
        // phase crams together (docs/demo-and-bench.md, one run with it on).
        MonitoringSettings.OFF, profilesTopic);
  }
}
