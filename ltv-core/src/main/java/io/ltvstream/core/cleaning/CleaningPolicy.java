package io.ltvstream.core.cleaning;

import io.ltvstream.core.mapping.FieldMapping;
import io.ltvstream.core.mapping.MappingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The validation and normalization settings of {@link EventCleaner}. The keys below are read from
 * the {@code ./ltv prepare --mapping} file; the NiFi processor has a property for each. Immutable;
 * build with {@link #builder()}.
 */
public final class CleaningPolicy {
  public static final String BASE_CURRENCY = "currency.base";
  public static final String CURRENCY_RATES = "currency.rates";
  public static final String OUTLIER_BOUND = "outlier.bound";
  public static final String OUTLIER_POLICY = "outlier.policy";
  public static final String FUTURE_TOLERANCE = "future.tolerance";
  public static final String UNKNOWN_TYPE = "unknown.type";
  public static final String PSEUDONYMIZE_KEY = "pseudonymize.key";
  public static final String MAX_FIELD_LENGTH = "field.max_length";

  public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_FIELD_LENGTH = 65_536;

  private final CurrencyRates rates;
  private final double outlierBound;
  private final OutlierPolicy outlierPolicy;
  private final Duration futureTolerance;
  private final UnknownTypePolicy unknownTypePolicy;
  private final Pseudonymizer pseudonymizer;
  private final int maxFieldLength;
  private final Clock clock;

  private CleaningPolicy(Builder b) {
    this.rates = b.rates;
    this.outlierBound = b.outlierBound;
    this.outlierPolicy = b.outlierPolicy;
    this.futureTolerance = b.futureTolerance;
    this.unknownTypePolicy = b.unknownTypePolicy;
    this.pseudonymizer = b.pseudonymizer;
    this.maxFieldLength = b.maxFieldLength;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: USD, no rates, no outlier bound, 5 minutes' future tolerance, unknown types rejected. */
  public static CleaningPolicy defaults() {
    return builder().build();
  }

  /**
   * From the keys above; absent keys keep their defaults, other keys are ignored. The base currency
   * defaults to the mapping's {@code currency.default}, then USD.
   */
  public static CleaningPolicy of(Map<String, String> settings) {
    Builder b = builder();
    String base = value(settings, BASE_CURRENCY);
    String defaultCurrency = value(settings, FieldMapping.CURRENCY_DEFAULT);
    // Without a base, amounts stay in the default currency: converting them needs a rate no one gave.
    String effectiveBase = base != null ? base : defaultCurrency != null ? defaultCurrency : FieldMapping.DEFAULT_CURRENCY;
    b.rates(CurrencyRates.parse(effectiveBase, value(settings, CURRENCY_RATES)));
    String bound = value(settings, OUTLIER_BOUND);
    if (bound != null) {
      try {
        b.outlierBound(Double.parseDouble(bound));
      } catch (NumberFormatException e) {
        throw new MappingException(OUTLIER_BOUND + " '" + bound + "' is not a number");
      }
    }
    String policy = value(settings, OUTLIER_POLICY);
    if (policy != null) {
      b.outlierPolicy(parseEnum(OutlierPolicy.class, OUTLIER_POLICY, policy));
    }
    String tolerance = value(settings, FUTURE_TOLERANCE);
    if (tolerance != null) {
      b.futureTolerance(Durations.parse(FUTURE_TOLERANCE, tolerance));
    }
    String unknown = value(settings, UNKNOWN_TYPE);
    if (unknown != null) {
      b.unknownTypePolicy(parseEnum(UnknownTypePolicy.class, UNKNOWN_TYPE, unknown));
    }
    String key = settings.get(PSEUDONYMIZE_KEY);
    if (key != null && !key.isEmpty()) {
      b.pseudonymizer(Pseudonymizer.withKey(key));
    }
    String maxLength = value(settings, MAX_FIELD_LENGTH);
    if (maxLength != null) {
      try {
        b.maxFieldLength(Integer.parseInt(maxLength));
      } catch (NumberFormatException e) {
        throw new MappingException(MAX_FIELD_LENGTH + " '" + maxLength + "' is not a whole number");
      }
    }
    return b.build();
  }

  public CurrencyRates rates() {
    return rates;
  }

  /** Absolute base-currency amount above which {@link #outlierPolicy()} applies; infinity for none. */
  public double outlierBound() {
    return outlierBound;
  }

  public OutlierPolicy outlierPolicy() {
    return outlierPolicy;
  }

  public Duration futureTolerance() {
    return futureTolerance;
  }

  public UnknownTypePolicy unknownTypePolicy() {
    return unknownTypePolicy;
  }

  /** The pseudonymizer, or null when user ids stay as they are. */
  public Pseudonymizer pseudonymizer() {
    return pseudonymizer;
  }

  public int maxFieldLength() {
    return maxFieldLength;
  }

  public Clock clock() {
    return clock;
  }

  private static String value(Map<String, String> settings, String key) {
    String v = settings.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String text) {
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MappingException(key + " '" + text + "' is not one of "
          + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
  }

  /** Builder of {@link CleaningPolicy}. */
  public static final class Builder {
    private CurrencyRates rates = CurrencyRates.parse("USD", null);
    private double outlierBound = Double.POSITIVE_INFINITY;
    private OutlierPolicy outlierPolicy = OutlierPolicy.KEEP;
    private Duration futureTolerance = DEFAULT_FUTURE_TOLERANCE;
    private UnknownTypePolicy unknownTypePolicy = UnknownTypePolicy.REJECT;
    private Pseudonymizer pseudonymizer;
    private int maxFieldLength = DEFAULT_MAX_FIELD_LENGTH;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder rates(CurrencyRates rates) {
      this.rates = Objects.requireNonNull(rates);
      return this;
    }

    public Builder outlierBound(double bound) {
      if (!(bound > 0)) {
        throw new MappingException(OUTLIER_BOUND + " must be positive, not " + bound);
      }
      this.outlierBound = bound;
      return this;
    }

    public Builder outlierPolicy(OutlierPolicy policy) {
      this.outlierPolicy = Objects.requireNonNull(policy);
      return this;
    }

    public Builder futureTolerance(Duration tolerance) {
      if (tolerance.isNegative()) {
        throw new MappingException(FUTURE_TOLERANCE + " must not be negative, not " + tolerance);
      }
      this.futureTolerance = tolerance;
      return this;
    }

    public Builder unknownTypePolicy(UnknownTypePolicy policy) {
      this.unknownTypePolicy = Objects.requireNonNull(policy);
      return this;
    }

    /** @param pseudonymizer null to keep user ids */
    public Builder pseudonymizer(Pseudonymizer pseudonymizer) {
      this.pseudonymizer = pseudonymizer;
      return this;
    }

    public Builder maxFieldLength(int length) {
      if (length < 1) {
        throw new MappingException(MAX_FIELD_LENGTH + " must be at least 1, not " + length);
      }
      this.maxFieldLength = length;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public CleaningPolicy build() {
      return new CleaningPolicy(this);
    }
  }
}
