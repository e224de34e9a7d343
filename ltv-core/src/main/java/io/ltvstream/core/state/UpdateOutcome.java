package io.ltvstream.core.state;

/**
 * How {@link UserState#update} applied one event.
 *
 * @param kind whether the event was in order, late but within the grace period, too late, or seen before
 * @param daysSincePreviousEvent days from the user's previous latest event to this one; 0 for the
 *     first event and for out-of-order events
 * @param newPurchaseDay whether the event was a purchase on a day the user had not bought on yet
 */
public record UpdateOutcome(Kind kind, double daysSincePreviousEvent, boolean newPurchaseDay) {
  /** What happened to the event. */
  public enum Kind {
    /** At or after the user's latest event: applied. */
    IN_ORDER,
    /** Before the user's latest event but within the grace period: applied to summary and windows. */
    OUT_OF_ORDER,
    /** Older than the grace period allows: not applied; the caller reports it (dead letter, metric). */
    TOO_LATE,
    /** Its id is among the user's recent events: seen before, not applied; the caller counts it. */
    DUPLICATE
  }

  /** Whether the event changed the state (and so deserves a model step and a score). */
  public boolean applied() {
    return kind != Kind.TOO_LATE && kind != Kind.DUPLICATE;
  }

  static final UpdateOutcome TOO_LATE = new UpdateOutcome(Kind.TOO_LATE, 0, false);
  static final UpdateOutcome DUPLICATE = new UpdateOutcome(Kind.DUPLICATE, 0, false);
}
