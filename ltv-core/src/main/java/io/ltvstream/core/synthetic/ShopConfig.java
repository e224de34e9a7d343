package io.ltvstream.core.synthetic;

import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * Everything that shapes a synthetic shop. Rates are per day; dirt rates are the probability that
 * a clean record is accompanied by one extra record of that kind. Start from {@link #defaults()}
 * and change what matters with the {@code with...} methods.
 *
 * @param seed the seed: one seed, one shop, on every JVM
 * @param users number of users
 * @param days days of history
 * @param start first day of the history (UTC)
 * @param acquisitionShare users make their first purchase uniformly within this leading share of the days
 * @param purchaseRateShape shape r of the Gamma over users' purchase rates (Pareto/NBD's lambda)
 * @param purchaseRateRate rate alpha (per day) of that Gamma; mean purchases per day = r / alpha
 * @param dropoutShape shape s of the Gamma over users' dropout rates (Pareto/NBD's mu)
 * @param dropoutRate rate beta (per day) of that Gamma; lifetimes are exponential with the user's mu
 * @param spendShape shape p of each purchase's Gamma spend (Gamma-Gamma's p)
 * @param spendScaleShape shape q of the Gamma over users' spend rates nu (Gamma-Gamma's q)
 * @param spendScaleRate rate gamma of that Gamma; mean spend per purchase = p * gamma / (q - 1)
 * @param engagementPerPurchase views, add-to-carts and searches per expected purchase
 * @param refundRate share of purchases refunded within two weeks
 * @param duplicateRate chance a clean record is sent again later (same event id)
 * @param invalidTimestampRate chance of an extra record with an unparsable event time
 * @param missingIdRate chance of an extra record without a user id
 * @param garbageRate chance of an extra line that is not JSON
 */
public record ShopConfig(
    long seed,
    int users,
    int days,
    LocalDate start,
    double acquisitionShare,
    double purchaseRateShape,
    double purchaseRateRate,
    double dropoutShape,
    double dropoutRate,
    double spendShape,
    double spendScaleShape,
    double spendScaleRate,
    double engagementPerPurchase,
    double refundRate,
    double duplicateRate,
    double invalidTimestampRate,
    double missingIdRate,
    double garbageRate) {

  public ShopConfig {
    if (users < 1 || days < 1) {
      throw new IllegalArgumentException("a shop needs at least one user and one day, got users="
          + users + " days=" + days);
    }
    if (spendScaleShape <= 1) {
      throw new IllegalArgumentException("spendScaleShape (q) must exceed 1 for a finite mean spend, got " + spendScaleShape);
    }
    requireShare("acquisitionShare", acquisitionShare);
    requireShare("refundRate", refundRate);
    requireShare("duplicateRate", duplicateRate);
    requireShare("invalidTimestampRate", invalidTimestampRate);
    requireShare("missingIdRate", missingIdRate);
    requireShare("garbageRate", garbageRate);
    requirePositive("purchaseRateShape", purchaseRateShape);
    requirePositive("purchaseRateRate", purchaseRateRate);
    requirePositive("dropoutShape", dropoutShape);
    requirePositive("dropoutRate", dropoutRate);
    requirePositive("spendShape", spendShape);
    requirePositive("spendScaleRate", spendScaleRate);
    if (engagementPerPurchase < 0) {
      throw new IllegalArgumentException("engagementPerPurchase must be >= 0, got " + engagementPerPurchase);
    }
  }

  /**
   * A mid-size online shop: a purchase every ~17 days while active, a mean lifetime of a few
   * months with a long tail of loyal users, $50 mean basket, 2 engagement events per purchase, 4%
   * refunds; 2% duplicates, 1% invalid timestamps, 1% missing ids, 0.5% garbage lines.
   */
  public static ShopConfig defaults() {
    return new ShopConfig(42L, 2_000, 180, LocalDate.of(2025, 1, 1), 0.5,
        0.9, 15.0, 0.8, 60.0, 5.0, 4.0, 30.0, 2.0, 0.04, 0.02, 0.01, 0.01, 0.005);
  }

  public ShopConfig withSeed(long value) {
    return with(b -> b.seed = value);
  }

  public ShopConfig withUsers(int value) {
    return with(b -> b.users = value);
  }

  public ShopConfig withDays(int value) {
    return with(b -> b.days = value);
  }

  public ShopConfig withStart(LocalDate value) {
    return with(b -> b.start = value);
  }

  /** Users make their first purchase within this leading share of the days (a growing shop's near 1). */
  public ShopConfig withAcquisitionShare(double value) {
    return with(b -> b.acquisitionShare = value);
  }

  public ShopConfig withEngagementPerPurchase(double value) {
    return with(b -> b.engagementPerPurchase = value);
  }

  public ShopConfig withRefundRate(double value) {
    return with(b -> b.refundRate = value);
  }

  /** Sets all four dirt rates at once; {@code withDirt(0, 0, 0, 0)} gives a clean stream. */
  public ShopConfig withDirt(double duplicates, double invalidTimestamps, double missingIds, double garbage) {
    return with(b -> {
      b.duplicateRate = duplicates;
      b.invalidTimestampRate = invalidTimestamps;
      b.missingIdRate = missingIds;
      b.garbageRate = garbage;
    });
  }

  /** A copy with some components changed; the canonical constructor validates the result. */
  private ShopConfig with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** The mutable components of one copy, so each with-method names only what it changes. */
  private static final class Copy {
    private long seed;
    private int users;
    private int days;
    private LocalDate start;
    private double acquisitionShare;
    private double purchaseRateShape;
    private double purchaseRateRate;
    private double dropoutShape;
    private double dropoutRate;
    private double spendShape;
    private double spendScaleShape;
    private double spendScaleRate;
    private double engagementPerPurchase;
    private double refundRate;
    private double duplicateRate;
    private double invalidTimestampRate;
    private double missingIdRate;
    private double garbageRate;

    private Copy(ShopConfig from) {
      seed = from.seed;
      users = from.users;
      days = from.days;
      start = from.start;
      acquisitionShare = from.acquisitionShare;
      purchaseRateShape = from.purchaseRateShape;
      purchaseRateRate = from.purchaseRateRate;
      dropoutShape = from.dropoutShape;
      dropoutRate = from.dropoutRate;
      spendShape = from.spendShape;
      spendScaleShape = from.spendScaleShape;
      spendScaleRate = from.spendScaleRate;
      engagementPerPurchase = from.engagementPerPurchase;
      refundRate = from.refundRate;
      duplicateRate = from.duplicateRate;
      invalidTimestampRate = from.invalidTimestampRate;
      missingIdRate = from.missingIdRate;
      garbageRate = from.garbageRate;
    }

    private ShopConfig build() {
      return new ShopConfig(seed, users, days, start, acquisitionShare, purchaseRateShape,
          purchaseRateRate, dropoutShape, dropoutRate, spendShape, spendScaleShape,
          spendScaleRate, engagementPerPurchase, refundRate, duplicateRate,
          invalidTimestampRate, missingIdRate, garbageRate);
    }
  }

  /** The day after the last day of history. */
  public LocalDate end() {
    return start.plusDays(days);
  }

  private static void requireShare(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], got " + value);
    }
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
