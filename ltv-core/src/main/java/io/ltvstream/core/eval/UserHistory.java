package io.ltvstream.core.eval;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.clv.RfmSummary;
import java.util.List;

/**
 * One user of the cohort as of the calibration end.
 *
 * @param userId the user
 * @param events every event of the user (purchases, refunds and any other type) with an event
 *     time before the end of the calibration period, sorted by event time (ties in input order);
 *     never an event of the holdout. Unmodifiable.
 * @param rfm the summary of those events that the customer-base models read
 */
public record UserHistory(String userId, List<EngineeredEvent> events, RfmSummary rfm) {
  public UserHistory {
    events = List.copyOf(events);
  }
}
