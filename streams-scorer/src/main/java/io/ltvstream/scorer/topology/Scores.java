package io.ltvstream.scorer.topology;

import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.clv.RfmSummary;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.LtvPrediction;
import java.time.Instant;

/** Builds the {@link LtvScore} of a user's state at some time: one place for events, idle re-scores and queries. */
public final class Scores {
  private Scores() {}

  /**
   * @param eventId the triggering event, or null for an idle re-score or a query
   * @param atMillis the time the score refers to, at or after the user's latest event
   * @param profile the user's profile, or null for none
   */
  public static LtvScore of(String userId, String eventId, long atMillis, UserState state, UserProfile profile,
      LtvModel model, SegmentRules segments) {
    LtvPrediction prediction = model.predict(state, atMillis, profile);
    RfmSummary rfm = state.rfm(atMillis);
    // the record's own setters: no builder (its field array and flags) and no boxing per score
    LtvScore score = new LtvScore();
    score.setUserId(userId);
    score.setEventId(eventId);
    score.setEventTime(Instant.ofEpochMilli(atMillis));
    score.setScoredAt(Instant.now());
    score.setModelVersion(model.version());
    score.setHorizonDays(model.horizonDays());
    score.setExpectedValue(prediction.expectedValue());
    score.setExpectedTransactions(prediction.expectedTransactions());
    score.setPActive(prediction.pActive());
    score.setValueP10(prediction.p10());
    score.setValueP50(prediction.p50());
    score.setValueP90(prediction.p90());
    score.setFrequency(rfm.frequency());
    score.setRecencyDays(rfm.recencyDays());
    score.setTenureDays(rfm.ageDays());
    score.setMonetaryMean(rfm.monetaryValue());
    score.setBaselineValue(Double.isNaN(prediction.baselineValue()) ? null : prediction.baselineValue());
    score.setSegment(segments.segmentOf(rfm.frequency(), rfm.ageDays(),
        prediction.pActive(), prediction.expectedValue(), state.purchaseSpend()));
    return score;
  }
}
