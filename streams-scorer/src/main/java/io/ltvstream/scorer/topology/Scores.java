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
    return LtvScore.newBuilder()
        .setUserId(userId)
        .setEventId(eventId)
        .setEventTime(Instant.ofEpochMilli(atMillis))
        .setScoredAt(Instant.now())
        .setModelVersion(model.version())
        .setHorizonDays(model.horizonDays())
        .setExpectedValue(prediction.expectedValue())
        .setExpectedTransactions(prediction.expectedTransactions())
        .setPActive(prediction.pActive())
        .setValueP10(prediction.p10())
        .setValueP50(prediction.p50())
        .setValueP90(prediction.p90())
        .setFrequency(rfm.frequency())
        .setRecencyDays(rfm.recencyDays())
        .setTenureDays(rfm.ageDays())
        .setMonetaryMean(rfm.monetaryValue())
        .setBaselineValue(Double.isNaN(prediction.baselineValue()) ? null : prediction.baselineValue())
        .setSegment(segments.segmentOf(rfm.frequency(), rfm.ageDays(),
            prediction.pActive(), prediction.expectedValue(), state.purchaseSpend()))
        .build();
  }
}
