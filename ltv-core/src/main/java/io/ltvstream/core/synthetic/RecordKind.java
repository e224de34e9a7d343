package io.ltvstream.core.synthetic;

/** What a raw shop record is, as known to the generator (the ground truth a pipeline is checked against). */
public enum RecordKind {
  /** A well-formed event seen for the first time. */
  CLEAN,
  /** An exact copy of an earlier clean line (same event id), as at-least-once sources produce. */
  DUPLICATE,
  /** A record whose event time cannot be parsed. */
  INVALID_TIMESTAMP,
  /** A record without a user id. */
  MISSING_ID,
  /** A line that is not a JSON object at all. */
  GARBAGE;

  /** True for the kinds a cleaning step must reject as invalid. */
  public boolean isDirty() {
    return this == INVALID_TIMESTAMP || this == MISSING_ID || this == GARBAGE;
  }
}
