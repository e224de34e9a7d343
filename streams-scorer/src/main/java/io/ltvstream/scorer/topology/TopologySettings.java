package io.ltvstream.scorer.topology;

import io.ltvstream.core.state.ReplaySteps;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.scorer.monitoring.MonitoringSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * What shapes the topology.
 *
 * @param eventsTopic source of {@code EngineeredEvent}s, keyed by user id
 * @param scoresTopic sink of {@code LtvScore}s, keyed by user id
 * @param deadLetterTopic where records that cannot be read or scored go
 * @param grace how far before a user's latest event an event may be and still count, at most
 *     {@link UserState#MAX_GRACE}
 * @param recentSteps step vectors kept per user (in half precision, {@link ReplaySteps}), to rebuild
 *     the recurrent state for a new model
 * @param idleAfter re-score users idle this long (null: idle re-scoring off)
 * @param idleScanInterval how often the idle punctuator scans the users
 * @param idleClock which clock idleness is measured on
 * @param engine which implementation steps the network
 * @param segments segment thresholds
 * @param monitoring live monitoring of the predictions ({@link MonitoringSettings#OFF}: none)
 */
public record TopologySettings(String eventsTopic, String scoresTopic, String deadLetterTopic,
    Duration grace, int recentSteps, Duration idleAfter, Duration idleScanInterval,
    IdleClock idleClock, Engine engine, SegmentRules segments, MonitoringSettings monitoring) {

  /** The one store per user: a user's whole state, {@code UserStateCodec} format. */
  public static final String USER_STATE_STORE = "user-state";
  /** With idle re-scoring on: when each task last scanned for idle users (one value per task). */
  public static final String IDLE_SCAN_STORE = "idle-scan";
  /** Per task: the closed predictions of each monitoring window and model version ({@code WindowTally}). */
  public static final String MONITORING_STORE = "monitoring-windows";
  /** Default of {@code scorer.recent.steps}: what fits a user's key and value in 1 KB. */
  public static final int DEFAULT_RECENT_STEPS = 4;

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
    Objects.requireNonNull(monitoring, "monitoring");
    try {
      UserState.requireGraceWithinRings(grace);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("scorer.grace: " + e.getMessage() + "; set it to at most "
          + UserState.MAX_GRACE, e);
    }
    if (recentSteps < 1 || recentSteps > ReplaySteps.MAX_CAPACITY) {
      throw new IllegalArgumentException("scorer.recent.steps must be in [1, " + ReplaySteps.MAX_CAPACITY
          + "], got " + recentSteps);
    }
  }

  /** Without monitoring settings: monitoring off. */
  public TopologySettings(String eventsTopic, String scoresTopic, String deadLetterTopic,
      Duration grace, int recentSteps, Duration idleAfter, Duration idleScanInterval,
      IdleClock idleClock, Engine engine, SegmentRules segments) {
    this(eventsTopic, scoresTopic, deadLetterTopic, grace, recentSteps, idleAfter, idleScanInterval,
        idleClock, engine, segments, MonitoringSettings.OFF);
  }

  /** Defaults: the standard topics, 3 days of grace, 4 recent steps, idle re-scoring and monitoring off. */
  public static TopologySettings defaults() {
    return new TopologySettings("ltv-events", "ltv-scores", "ltv-dlq", EventReplay.DEFAULT_GRACE,
        DEFAULT_RECENT_STEPS,
        null, Duration.ofHours(1), IdleClock.WALL, Engine.KERNEL, SegmentRules.DEFAULT);
  }

  public TopologySettings withMonitoring(MonitoringSettings settings) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, grace, recentSteps,
        idleAfter, idleScanInterval, idleClock, engine, segments, settings);
  }

  public TopologySettings withIdle(Duration after, Duration scanInterval, IdleClock clock) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, grace, recentSteps,
        after, scanInterval, clock, engine, segments, monitoring);
  }

  public TopologySettings withGrace(Duration newGrace) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, newGrace, recentSteps,
        idleAfter, idleScanInterval, idleClock, engine, segments, monitoring);
  }

  public TopologySettings withRecentSteps(int steps) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, grace, steps,
        idleAfter, idleScanInterval, idleClock, engine, segments, monitoring);
  }
}
