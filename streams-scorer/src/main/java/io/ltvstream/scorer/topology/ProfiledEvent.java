package io.ltvstream.scorer.topology;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;

/**
 * An event with its user's profile as the profiles table held it when the event was processed
 * (the stream-table join's value; it never leaves the task, so it has no serde).
 *
 * @param profile null when the user has no profile (yet) or profiles are off
 */
public record ProfiledEvent(EngineeredEvent event, UserProfile profile) {}
