package io.ltvstream.scorer.topology;

import io.ltvstream.core.state.ReplaySteps;
import io.ltvstream.core.state.UserState;
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
 * @param grace how far before a user's latest event an event may be and still count, at most
 *     {@link UserState#MAX_GRACE}
 * @param recentSteps step vectors kept per user (in half precision, {@link ReplaySteps}), to rebuild
 *     the recurrent state for a new model
 * @param idleAfter re-score users idle this long (null: idle re-scoring off)
 * @param idleScanInterval how often the idle punctuator scans the users
 * @param idleClock which clock idleness is measured on
 * @param engine which implementation steps the network
 * @param segments segment thresholds
 */
public record TopologySettings(String eventsTopic, String scoresTopic, String deadLetterTopic,
    Duration grace, int recentSteps, Duration idleAfter, Duration idleScanInterval,
    IdleClock idleClock, Engine engine, SegmentRules segments) {

  /** The one store per user: a user's whole state, {@code UserStateCodec} format. */
  public static final String USER_STATE_STORE = "user-state";
  /** With idle re-scoring on: when each task last scanned for idle users (one value per task). */
  public static final String IDLE_SCAN_STORE = "idle-scan";
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

  /** Defaults: the standard topics, 3 days of grace, 4 recent steps, idle re-scoring off. */
  public static TopologySettings defaults() {
    return new TopologySettings("ltv-events", "ltv-scores", "ltv-dlq", EventReplay.DEFAULT_GRACE,
        DEFAULT_RECENT_STEPS,
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
