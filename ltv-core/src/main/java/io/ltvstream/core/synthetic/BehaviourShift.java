package io.ltvstream.core.synthetic;

import java.util.Objects;

/**
 * A change in how one segment of the shop buys: from {@code fromDay} (an index into the history)
 * the users who came through {@code channel} purchase at {@code purchaseRateFactor} times their
 * rate. Their engagement (views, carts, searches) stays as it was: they still come, and buy less.
 * What the monitoring and retraining walk-through shifts ({@code docs/operations.md}).
 */
public record BehaviourShift(int fromDay, String channel, double purchaseRateFactor) {
  /** No shift. */
  public static final BehaviourShift NONE = new BehaviourShift(Integer.MAX_VALUE, "", 1);

  public BehaviourShift {
    Objects.requireNonNull(channel, "channel");
    if (!(purchaseRateFactor >= 0)) {
      throw new IllegalArgumentException("purchaseRateFactor must be >= 0, got " + purchaseRateFactor);
    }
  }

  /** What {@code user}'s purchase rate is multiplied by on day {@code dayIndex}. */
  public double factor(ShopUser user, int dayIndex) {
    return dayIndex >= fromDay && user.channel().equals(channel) ? purchaseRateFactor : 1;
  }
}
