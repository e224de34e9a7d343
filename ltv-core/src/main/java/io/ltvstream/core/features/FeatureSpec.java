package io.ltvstream.core.features;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Feature spec 2: the dimensions beyond the user's own history that a bundle's network reads, and
 * what it needs to compute them, stored in the bundle (so the scorer computes them as training
 * did): the product field read from the events' attributes and its vocabulary, the vocabularies
 * of the profile fields, and the market calendar. {@link Dimensions} turns it into vector
 * components.
 *
 * @param version the feature spec version, {@value #VERSION}
 * @param productField the event attribute holding the product field (for example {@code brand})
 * @param product vocabulary of {@code productField}
 * @param ageBand vocabulary of {@code UserProfile.age_band}
 * @param gender vocabulary of {@code UserProfile.gender}
 * @param region vocabulary of {@code UserProfile.region}
 * @param acquisitionChannel vocabulary of {@code UserProfile.acquisition_channel}
 * @param calendar the market calendar's rows (empty: no calendar, neutral calendar features)
 */
public record FeatureSpec(int version, String productField, Vocabulary product, Vocabulary ageBand,
    Vocabulary gender, Vocabulary region, Vocabulary acquisitionChannel, List<CalendarDay> calendar) {
  public static final int VERSION = 2;
  /** The event attribute read as the product field unless a trainer names another. */
  public static final String DEFAULT_PRODUCT_FIELD = "brand";
  static final int MAX_PRODUCT_VALUES = 12;
  static final int MAX_PROFILE_VALUES = 10;
  /** A value seen fewer times in training goes to "other". */
  static final int MIN_COUNT = 5;

  public FeatureSpec {
    calendar = List.copyOf(calendar);
  }

  /**
   * The spec for training on {@code events} (their {@code productField} attribute), the training
   * users' {@code profiles}, and {@code calendar}.
   */
  public static FeatureSpec build(Iterable<EngineeredEvent> events, Collection<UserProfile> profiles,
      MarketCalendar calendar, String productField) {
    List<String> products = new ArrayList<>();
    for (EngineeredEvent event : events) {
      if (event.getIsPurchase()) {
        products.add(event.getAttributes().get(productField));
      }
    }
    List<String> ages = new ArrayList<>();
    List<String> genders = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    List<String> channels = new ArrayList<>();
    for (UserProfile p : profiles) {
      ages.add(p.getAgeBand());
      genders.add(p.getGender());
      regions.add(p.getRegion());
      channels.add(p.getAcquisitionChannel());
    }
    return new FeatureSpec(VERSION, productField,
        Vocabulary.build(productField, products, MAX_PRODUCT_VALUES, MIN_COUNT),
        Vocabulary.build("age_band", ages, MAX_PROFILE_VALUES, MIN_COUNT),
        Vocabulary.build("gender", genders, MAX_PROFILE_VALUES, MIN_COUNT),
        Vocabulary.build("region", regions, MAX_PROFILE_VALUES, MIN_COUNT),
        Vocabulary.build("acquisition_channel", channels, MAX_PROFILE_VALUES, MIN_COUNT),
        calendar.days());
  }
}
