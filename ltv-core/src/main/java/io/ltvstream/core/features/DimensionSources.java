package io.ltvstream.core.features;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Where a feature-spec-2 network's dimensions come from, before training: the users' profiles by
 * user id, the market calendar and the event attribute read as the product field. {@link #spec}
 * builds the {@link FeatureSpec} from the training users only, so {@code ./ltv train} and the
 * network of {@code ./ltv evaluate} derive their vocabularies one way.
 *
 * @param profiles user profiles by (pseudonymised) user id; empty for none
 * @param calendar the market calendar, {@link MarketCalendar#NONE} for none
 * @param productField the event attribute read as the product field
 */
public record DimensionSources(Map<String, UserProfile> profiles, MarketCalendar calendar, String productField) {
  public DimensionSources {
    profiles = Collections.unmodifiableMap(profiles); // no copy: a million profiles stay one map
  }

  /** The profile of {@code userId}, or null. */
  public UserProfile profileOf(String userId) {
    return profiles.get(userId);
  }

  /**
   * The spec for training on {@code histories} (each a user's events, none after the calibration
   * end): the product vocabulary from their purchases, the profile vocabularies from these users'
   * profiles, and the calendar.
   */
  public FeatureSpec spec(List<List<EngineeredEvent>> histories) {
    List<UserProfile> known = new ArrayList<>();
    List<EngineeredEvent> events = new ArrayList<>();
    for (List<EngineeredEvent> user : histories) {
      if (!user.isEmpty()) {
        UserProfile profile = profiles.get(user.get(0).getUserId());
        if (profile != null) {
          known.add(profile);
        }
      }
      events.addAll(user);
    }
    return FeatureSpec.build(events, known, calendar, productField);
  }

  /** How many of {@code histories}' users have a profile. */
  public int profiled(List<List<EngineeredEvent>> histories) {
    int count = 0;
    for (List<EngineeredEvent> user : histories) {
      if (!user.isEmpty() && profiles.containsKey(user.get(0).getUserId())) {
        count++;
      }
    }
    return count;
  }
}
