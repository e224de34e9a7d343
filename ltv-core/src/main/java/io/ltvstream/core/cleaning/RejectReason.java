package io.ltvstream.core.cleaning;

import java.util.Locale;

/** Why a source record did not become an event. {@link #code()} is what users see and count. */
public enum RejectReason {
  /**
   * Read line by line (prepare, or CleanUserEvents when its record reader fails): the line is not a JSON
   * object, or a CSV row has a malformed quote or the wrong number of columns.
   */
  MALFORMED_RECORD,
  /** Read line by line: one record is longer than the reader's record limit. */
  RECORD_TOO_LONG,
  /** Read line by line: the line is not valid UTF-8 (it is rejected, never decoded with U+FFFD). */
  INVALID_ENCODING,
  /** A field value is longer than the configured maximum field length. */
  FIELD_TOO_LONG,
  MISSING_USER_ID,
  MISSING_EVENT_TIME,
  UNPARSABLE_EVENT_TIME,
  /** Automatic parsing (no time.pattern) met a date that reads as day-first and as month-first. */
  AMBIGUOUS_EVENT_TIME,
  /** The event time lies beyond now plus the future tolerance. */
  FUTURE_EVENT_TIME,
  MISSING_EVENT_TYPE,
  /** The event type is not one of the known types or their aliases (and OTHER is not allowed). */
  UNKNOWN_EVENT_TYPE,
  /** A purchase or refund without an amount (nor quantity and unit price). */
  MISSING_AMOUNT,
  UNPARSABLE_AMOUNT,
  UNPARSABLE_QUANTITY,
  UNPARSABLE_AGE,
  /** A user profile's signup date does not match its pattern. */
  UNPARSABLE_SIGNUP_DATE,
  /** NaN or infinity in a numeric field. */
  NON_FINITE_AMOUNT,
  /** A negative amount that the refund rule does not make a refund. */
  NEGATIVE_AMOUNT,
  /** The amount in base currency is above the outlier bound and the outlier policy rejects. */
  OUTLIER_AMOUNT,
  /** A currency that is not well formed or has no rate in the rate table. */
  UNKNOWN_CURRENCY;

  /** Lower-case code, e.g. {@code missing_user_id}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RejectReason fromCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
