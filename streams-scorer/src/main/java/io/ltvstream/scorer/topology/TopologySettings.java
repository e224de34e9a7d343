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
 * @param profilesTopic compacted topic of {@code UserProfile}s keyed by user id, joined as a table
 *     co-partitioned with the events (null: no profiles, neutral profile dimensions)
 */
public record TopologySettings(String eventsTopic, String scoresTopic, String deadLetterTopic,
    Duration grace, int recentSteps, Duration idleAfter, Duration idleScanInterval,
    IdleClock idleClock, Engine engine, SegmentRules segments, MonitoringSettings monitoring,
    String profilesTopic) {

  /** The one store per user: a user's whole state, {@code UserStateCodec} format. */
  public static final String USER_STATE_STORE = "user-state";
  /** With idle re-scoring on: when each task last scanned for idle users (one value per task). */
  public static final String IDLE_SCAN_STORE = "idle-scan";
  /** Per task: the closed predictions of each monitoring window and model version ({@code WindowTally}). */
  public static final String MONITORING_STORE = "monitoring-windows";
  /** With monitoring on: where the task's scan of its users for monitoring stands ({@code WindowScan}). */
  public static final String MONITORING_SCAN_STORE = "monitoring-scan";
  /** The profiles table's store (latest profile per user), when {@code profilesTopic} is set. */
  public static final String USER_PROFILE_STORE = "user-profiles";
  /** The profiles topic the docs and the sample configuration name. */
  public static final String STANDARD_PROFILES_TOPIC = "ltv-user-profiles";
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

  /** Defaults: the standard topics, 3 days of grace, 4 recent steps, idle re-scoring and monitoring off, no profiles. */
  public static TopologySettings defaults() {
    return new TopologySettings("ltv-events", "ltv-scores", "ltv-dlq", EventReplay.DEFAULT_GRACE,
        DEFAULT_RECENT_STEPS,
        null, Duration.ofHours(1), IdleClock.WALL, Engine.KERNEL, SegmentRules.DEFAULT,
        MonitoringSettings.OFF, null);
  }

  /** These settings joining the profiles of {@code topic} (null: none). */
  public TopologySettings withProfiles(String topic) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, grace, recentSteps,
        idleAfter, idleScanInterval, idleClock, engine, segments, monitoring, topic);
  }

  public TopologySettings withMonitoring(MonitoringSettings settings) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, grace, recentSteps,
        idleAfter, idleScanInterval, idleClock, engine, segments, settings, profilesTopic);
  }

  public TopologySettings withIdle(Duration after, Duration scanInterval, IdleClock clock) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, grace, recentSteps,
        after, scanInterval, clock, engine, segments, monitoring, profilesTopic);
  }

  public TopologySettings withGrace(Duration newGrace) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, newGrace, recentSteps,
        idleAfter, idleScanInterval, idleClock, engine, segments, monitoring, profilesTopic);
  }

  public TopologySettings withRecentSteps(int steps) {
    return new TopologySettings(eventsTopic, scoresTopic, deadLetterTopic, grace, steps,
        idleAfter, idleScanInterval, idleClock, engine, segments, monitoring, profilesTopic);
  }
}
