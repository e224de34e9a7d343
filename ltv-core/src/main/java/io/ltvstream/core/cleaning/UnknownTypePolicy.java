package io.ltvstream.core.cleaning;

/** What to do with an event type that is neither a known type nor an alias of one. */
public enum UnknownTypePolicy {
  /** Reject the record with {@link RejectReason#UNKNOWN_EVENT_TYPE}. */
  REJECT,
  /** Keep it as {@code OTHER}, the source value in the attribute {@code source_event_type}. */
  OTHER
}
