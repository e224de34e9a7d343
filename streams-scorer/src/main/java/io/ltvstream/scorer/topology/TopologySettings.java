package io.ltvstream.scorer.topology;

import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import java.time.Duration;
import java.util.Objects;

/**
 * What shapes the topology.
 *
 * @param eventsTopic source of {@code EngineeredEvent}s, keyed by user id
 * @param scoresTopic sink of {@code LtvScore}s, keyed by user id
 * @param deadLetterTopic where records that cannot be read or scored go
 * @param grace how far before a user's latest event an event may be and still count
 * @param recentSteps step vectors kept per user, to rebuild the recurrent state for a new model
 * @param idleAfter re-score users idle this long (null: idle re-scoring off)
 * @param idleScanInterval how often the idle punctuator scans the users
 * @param idleClock which clock idleness is measured on
 * @param engine which implementation steps the network
 * @param segments segment thresholds
 */
public record TopologySettings(String eventsTopic, String scoresTopic, String deadLetterTopic,
    Duration grace, int recentSteps, Duration idleAfter, Duration idleScanInterval,
    IdleClock idleClock, Engine engine, SegmentRules segments) {

  public static final String USER_STATE_STORE = "user-state";
  public static final String USER_RECENT_STORE = "user-recent";

  /** The clock idle users are measured against. */
  public enum IdleClock {
    /** Wall-clock time: production. */
    WALL,
    /** Stream time (the largest event timestamp seen): replays of history. */
    STREAM
  }

  public TopologySettings {
    Objects.requireNonNull(eventsTopic, "eventsTopic");
    Objects.requireNonNull(scoresTopic, "scoresTopic");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(grace, "grace");
    if (recentSteps < 1) {
      throw new IllegalArgumentException("recent steps must be at least 1, got " + recentSteps);
    }
  }

  /** Defaults: the standard topics, 3 days of grace, 64 recent steps, idle re-scoring off. */
  public static TopologySettings defaults() {
    return new TopologySettings("ltv-events", "ltv-scores", "ltv-dlq", EventReplay.DEFAULT_GRACE, 64,
        null, Duration.ofHours(1), IdleClock.WALL, Engine.KERNEL, SegmentRules.DEFAULT);
  }

  public TopologySettings withIdle(Duration after, Duration scanInterval, IdleClock clock) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, grace, recentSteps,
        after, scanInterval, clock, engine, segments);
  }

  public TopologySettings withGrace(Duration newGrace) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, newGrace, recentSteps,
        idleAfter, idleScanInterval, idleClock, engine, segments);
  }

  public TopologySettings withRecentSteps(int steps) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, grace, steps,
        idleAfter, idleScanInterval, idleClock, engine, segments);
  }
}
