package io.ltvstream.scorer.http;

/** Finds a user's current score, here or on the instance that owns the user. */
public interface ScoreLookup {
  /** Where the user's score is. */
  sealed interface Result {}

  /** This instance owns the user; {@code json} is the score, computed now. */
  record Local(String json) implements Result {}

  /** Another instance owns the user; its {@code application.server} is host:port. */
  record Remote(String host, int port) implements Result {}

  /** The owner has no state for this user: no event of theirs was seen. */
  record NotFound() implements Result {}

  /** Ownership is moving (rebalance or restore); the client should retry. */
  record Unavailable(String why) implements Result {}

  /** @param atMillis the time to score at, or null for now; never before the user's latest event */
  Result find(String userId, Long atMillis);

  /**
   * The user's value explained ({@code ValueExplanation}: shares by dimension group, the last
   * events' effects), here or on the owner; {@link Unavailable} where a lookup cannot explain.
   */
  default Result explain(String userId, Long atMillis) {
    return new Unavailable("this scorer does not explain values");
  }
}
