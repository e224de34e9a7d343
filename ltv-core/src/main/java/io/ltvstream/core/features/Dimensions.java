package io.ltvstream.core.features;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The vector components of a {@link FeatureSpec}, in three groups:
 * <ul>
 *   <li>product: one-hot price tier (1..5 of {@code price_tier}) and the one-hot product field;
 *   <li>calendar: holiday proximity exp(-days to the next holiday / 7), is-holiday, in-promotion,
 *       and the season cycle sin/cos(2 pi (day of year - 1) / 365.25);
 *   <li>profile: one-hot age band, gender, region and acquisition channel, and the time since
 *       signup (log1p(days) / log1p(3650), at most 1) with a has-signup flag.
 * </ul>
 * Every component is 0 when its source is missing (no price, no attribute, no profile, a date the
 * calendar does not cover), and the model does not shift or scale them, so a missing dimension adds
 * nothing to the network's input: neutral. A query step has no product. Immutable, thread-safe.
 */
public final class Dimensions {
  /** The dimension groups besides the user's history, for explanations. */
  public enum Group { PRODUCT, CALENDAR, PROFILE }

  /** No dimensions: feature spec 1. */
  public static final Dimensions NONE = new Dimensions(null);

  public static final int PRICE_TIERS = 5;
  static final int CALENDAR_WIDTH = 5;
  private static final double DAY_MILLIS = 86_400_000.0;
  private static final double SIGNUP_SCALE = Math.log1p(3650);

  private final FeatureSpec spec;
  private final MarketCalendar calendar;
  private final int productFrom;
  private final int calendarFrom;
  private final int profileFrom;
  private final int width;

  private Dimensions(FeatureSpec spec) {
    this.spec = spec;
    if (spec == null) {
      calendar = MarketCalendar.NONE;
      productFrom = calendarFrom = profileFrom = width = 0;
      return;
    }
    calendar = new MarketCalendar(spec.calendar());
    productFrom = 0;
    calendarFrom = PRICE_TIERS + spec.product().width();
    profileFrom = calendarFrom + CALENDAR_WIDTH;
    width = profileFrom + spec.ageBand().width() + spec.gender().width() + spec.region().width()
        + spec.acquisitionChannel().width() + 2;
  }

  /** The dimensions of {@code spec}; {@link #NONE} for null (a spec-1 bundle). */
  public static Dimensions of(FeatureSpec spec) {
    return spec == null ? NONE : new Dimensions(spec);
  }

  /** Number of components. */
  public int width() {
    return width;
  }

  /** Where {@code group} starts, relative to the block. */
  public int from(Group group) {
    return switch (group) {
      case PRODUCT -> productFrom;
      case CALENDAR -> calendarFrom;
      case PROFILE -> profileFrom;
    };
  }

  /** Where {@code group} ends (exclusive), relative to the block. */
  public int to(Group group) {
    return switch (group) {
      case PRODUCT -> calendarFrom;
      case CALENDAR -> profileFrom;
      case PROFILE -> width;
    };
  }

  /** Component names, index-aligned with the block. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    if (spec == null) {
      return names;
    }
    for (int t = 1; t <= PRICE_TIERS; t++) {
      names.add("price_tier=" + t);
    }
    names.addAll(spec.product().names());
    names.addAll(List.of("holiday_proximity", "is_holiday", "in_promotion", "season_sin", "season_cos"));
    names.addAll(spec.ageBand().names());
    names.addAll(spec.gender().names());
    names.addAll(spec.region().names());
    names.addAll(spec.acquisitionChannel().names());
    names.addAll(List.of("signup_tenure", "has_signup"));
    return names;
  }

  /** Writes an event step's block into {@code out[offset..offset+width())}; {@code profile} may be null. */
  public void event(EngineeredEvent event, UserProfile profile, float[] out, int offset) {
    if (spec == null) {
      return;
    }
    for (int t = 0; t < PRICE_TIERS; t++) {
      out[offset + t] = 0f;
    }
    int tier = event.getPriceTier();
    if (tier >= 1 && tier <= PRICE_TIERS) {
      out[offset + tier - 1] = 1f;
    }
    spec.product().encode(event.getAttributes().get(spec.productField()), out, offset + PRICE_TIERS);
    long at = event.getEventTime().toEpochMilli();
    calendar(at, profile, out, offset);
    profile(at, profile, out, offset);
  }

  /** Writes a query step's block (no product) into {@code out[offset..offset+width())}. */
  public void query(long atMillis, UserProfile profile, float[] out, int offset) {
    if (spec == null) {
      return;
    }
    for (int i = productFrom; i < calendarFrom; i++) {
      out[offset + i] = 0f;
    }
    calendar(atMillis, profile, out, offset);
    profile(atMillis, profile, out, offset);
  }

  private void calendar(long atMillis, UserProfile profile, float[] out, int offset) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(atMillis, 86_400_000L));
    String region = profile == null ? null : Vocabulary.normalize(profile.getRegion());
    int o = offset + calendarFrom;
    int days = calendar.daysToNextHoliday(date, region);
    out[o] = days < 0 ? 0f : (float) Math.exp(-days / 7.0);
    out[o + 1] = days == 0 ? 1f : 0f;
    out[o + 2] = calendar.inPromotion(date, region) ? 1f : 0f;
    double angle = 2 * Math.PI * (date.getDayOfYear() - 1) / 365.25;
    out[o + 3] = (float) Math.sin(angle);
    out[o + 4] = (float) Math.cos(angle);
  }

  private void profile(long atMillis, UserProfile profile, float[] out, int offset) {
    int o = offset + profileFrom;
    spec.ageBand().encode(profile == null ? null : profile.getAgeBand(), out, o);
    o += spec.ageBand().width();
    spec.gender().encode(profile == null ? null : profile.getGender(), out, o);
    o += spec.gender().width();
    spec.region().encode(profile == null ? null : profile.getRegion(), out, o);
    o += spec.region().width();
    spec.acquisitionChannel().encode(profile == null ? null : profile.getAcquisitionChannel(), out, o);
    o += spec.acquisitionChannel().width();
    LocalDate signup = profile == null ? null : profile.getSignupDate();
    if (signup == null) {
      out[o] = 0f;
      out[o + 1] = 0f;
    } else {
      double days = Math.max(0, (atMillis - signup.toEpochDay() * 86_400_000L) / DAY_MILLIS);
      out[o] = (float) Math.min(1, Math.log1p(days) / SIGNUP_SCALE);
      out[o + 1] = 1f;
    }
  }
}
