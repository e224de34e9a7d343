package io.ltvstream.core.cleaning;

import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.mapping.MappingException;
import io.ltvstream.core.mapping.SourceRecord;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a source record of any shape onto a {@link UserProfile}: its own field mapping (the keys
 * below, which are {@code ./ltv prepare --profile-mapping} properties and, in Title Case, the
 * properties of the NiFi processor {@code CleanUserProfiles}), text trimmed and lower case, the
 * signup date parsed, and the user id pseudonymized with the same key and HMAC as events (so a
 * profile meets its user's events). A record without a user id, or with a signup date that does
 * not parse, is invalid; every other field is optional. Immutable, thread-safe.
 */
public final class ProfileCleaner {
  public static final String USER_ID = "field.user_id";
  public static final String AGE_BAND = "field.age_band";
  public static final String GENDER = "field.gender";
  public static final String REGION = "field.region";
  public static final String ACQUISITION_CHANNEL = "field.acquisition_channel";
  public static final String SIGNUP_DATE = "field.signup_date";
  /** java.time pattern of the signup date, default yyyy-MM-dd. */
  public static final String SIGNUP_PATTERN = "signup.pattern";
  /** Unmapped source fields kept as profile attributes, comma-separated; all others are dropped. */
  public static final String ATTRIBUTES_KEEP = "attributes.keep";
  /** Every key this class reads, besides {@link CleaningPolicy#PSEUDONYMIZE_KEY}. */
  public static final List<String> KEYS = List.of(USER_ID, AGE_BAND, GENDER, REGION, ACQUISITION_CHANNEL,
      SIGNUP_DATE, SIGNUP_PATTERN, ATTRIBUTES_KEEP);

  private final Map<String, String> fields;
  private final DateTimeFormatter signupFormat;
  private final List<String> kept;
  private final Pseudonymizer pseudonymizer;

  /** @param pseudonymizer null to keep user ids as they are */
  public ProfileCleaner(Map<String, String> settings, Pseudonymizer pseudonymizer) {
    this.fields = new LinkedHashMap<>();
    for (String key : List.of(USER_ID, AGE_BAND, GENDER, REGION, ACQUISITION_CHANNEL, SIGNUP_DATE)) {
      String field = blankToNull(settings.get(key));
      if (field != null) {
        fields.put(key, field);
      }
    }
    if (!fields.containsKey(USER_ID)) {
      throw new MappingException(USER_ID + " is required: the source field that holds the user id");
    }
    String pattern = blankToNull(settings.get(SIGNUP_PATTERN));
    try {
      this.signupFormat = DateTimeFormatter.ofPattern(pattern == null ? "yyyy-MM-dd" : pattern, Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new MappingException(SIGNUP_PATTERN + " '" + pattern + "' is not a date pattern: " + e.getMessage());
    }
    this.kept = new ArrayList<>();
    String keep = settings.get(ATTRIBUTES_KEEP);
    if (keep != null) {
      for (String name : keep.split(",")) {
        if (!name.isBlank()) {
          kept.add(name.strip());
        }
      }
    }
    this.pseudonymizer = pseudonymizer;
  }

  /** From the settings of a mapping file: the keys above and {@link CleaningPolicy#PSEUDONYMIZE_KEY}. */
  public static ProfileCleaner of(Map<String, String> settings) {
    String key = blankToNull(settings.get(CleaningPolicy.PSEUDONYMIZE_KEY));
    return new ProfileCleaner(settings, key == null ? null : Pseudonymizer.withKey(key));
  }

  /** A valid profile, or why the record is not one. */
  public sealed interface Result {}

  public record Valid(UserProfile profile) implements Result {}

  public record Invalid(Rejection rejection) implements Result {}

  public Result clean(SourceRecord record) {
    String userId = value(record, USER_ID);
    if (userId == null) {
      return new Invalid(new Rejection(RejectReason.MISSING_USER_ID, "field '" + fields.get(USER_ID)
          + "' (the user id) is empty or missing"));
    }
    LocalDate signup = null;
    String signupText = value(record, SIGNUP_DATE);
    if (signupText != null) {
      try {
        signup = LocalDate.parse(signupText, signupFormat);
      } catch (DateTimeParseException e) {
        return new Invalid(new Rejection(RejectReason.UNPARSABLE_SIGNUP_DATE, "field '" + fields.get(SIGNUP_DATE)
            + "' value '" + signupText + "' is not a date like " + signupFormat));
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String name : kept) {
      String v = record.get(name);
      if (v != null && !v.isBlank()) {
        attributes.put(name, v.strip());
      }
    }
    return new Valid(UserProfile.newBuilder()
        .setUserId(pseudonymizer == null ? userId : pseudonymizer.pseudonymize(userId))
        .setAgeBand(lower(value(record, AGE_BAND)))
        .setGender(lower(value(record, GENDER)))
        .setRegion(lower(value(record, REGION)))
        .setAcquisitionChannel(lower(value(record, ACQUISITION_CHANNEL)))
        .setSignupDate(signup)
        .setAttributes(attributes)
        .build());
  }

  private String value(SourceRecord record, String key) {
    String field = fields.get(key);
    return field == null ? null : blankToNull(record.get(field));
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
