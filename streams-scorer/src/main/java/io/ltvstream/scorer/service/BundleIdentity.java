package io.ltvstream.scorer.service;

import io.ltvstream.model.ModelBundle;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * Where a bundle stands in deployment order. Newer means trained on later data (the training's
 * calibration end), then, on the same data, created later; the version breaks a tie so that every
 * instance orders the same bundles the same way. A bundle without a training end (older trainers)
 * comes before every bundle that has one.
 *
 * @param version the bundle's content-hash version
 * @param createdAt when it was trained
 * @param trainingEnd the last day of data it saw, or null when the bundle does not say
 */
public record BundleIdentity(String version, Instant createdAt, LocalDate trainingEnd)
    implements Comparable<BundleIdentity> {
  static final String TRAINING_END = "calibration_end";
  private static final Comparator<BundleIdentity> ORDER =
      Comparator.comparing(BundleIdentity::trainingEnd, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(BundleIdentity::createdAt)
          .thenComparing(BundleIdentity::version);

  /** @throws IllegalArgumentException when the bundle's dates are not ISO-8601 */
  public static BundleIdentity of(ModelBundle bundle) {
    String created = bundle.metadata().createdAt();
    Object end = bundle.metadata().training() == null ? null : bundle.metadata().training().get(TRAINING_END);
    try {
      return new BundleIdentity(bundle.version(), Instant.parse(created),
          end == null ? null : LocalDate.parse(end.toString()));
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("model " + bundle.version() + " cannot be ordered: createdAt '"
          + created + "' must be an ISO-8601 instant and training." + TRAINING_END + " '" + end
          + "' an ISO-8601 date", e);
    }
  }

  public boolean isNewerThan(BundleIdentity other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(BundleIdentity other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return version + " (trained " + createdAt + " on data to " + (trainingEnd == null ? "?" : trainingEnd) + ")";
  }
}
