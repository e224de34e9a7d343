package io.ltvstream.core.synthetic;

/**
 * The latent truth about one synthetic user.
 *
 * @param id the user id as it appears in records
 * @param firstDay day index (from the shop's start) of the user's first purchase
 * @param lastActiveDay last day index on which the user may still buy (their churn), exclusive;
 *     may lie beyond the shop's history
 * @param purchasesPerDay the user's latent purchase rate while active, before weekly seasonality
 * @param meanSpend the user's latent mean spend per purchase, base currency
 * @param favoriteCategory the category most of the user's purchases fall into
 * @param channel the user's usual channel
 * @param region the user's region
 * @param age the user's age in years
 * @param brand the brand most of the user's purchases carry, or null when the shop has no
 *     dimensions ({@link SyntheticShop#withDimensions})
 */
public record ShopUser(
    String id,
    int firstDay,
    int lastActiveDay,
    double purchasesPerDay,
    double meanSpend,
    String favoriteCategory,
    String channel,
    String region,
    int age,
    String brand) {

  /** True when the user can still buy on the given day. */
  public boolean activeOn(int day) {
    return day >= firstDay && day < lastActiveDay;
  }
}
