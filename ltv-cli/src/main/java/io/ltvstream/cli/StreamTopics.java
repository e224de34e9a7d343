package io.ltvstream.cli;


/**
 * The scorer's default topic names (docs/scorer.md, {@code scorer.topic.*}), which the closed-loop
 * commands ({@code broker}, {@code backfill}, {@code retrain}, {@code monitor}) default to.
 */
final class StreamTopics {
  static final String EVENTS = "ltv-events";
  static final String SCORES = "ltv-scores";
  static final String DLQ = "ltv-dlq";
  static final String MODELS = "ltv-models";
  static final String PROFILES = "ltv-user-profiles";

  private StreamTopics() {}
}
