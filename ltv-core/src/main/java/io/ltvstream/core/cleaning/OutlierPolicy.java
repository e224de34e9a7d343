package io.ltvstream.core.cleaning;

/** What to do with an amount whose absolute base-currency value is above the outlier bound. */
public enum OutlierPolicy {
  /** Keep it as it is, marked with the attribute {@code outlier=true}. */
  KEEP,
  /** Cap it at the bound (sign kept); the original goes to the attribute {@code uncapped_amount}. */
  CAP,
  /** Reject the record with {@link RejectReason#OUTLIER_AMOUNT}. */
  REJECT
}
