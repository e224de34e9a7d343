package io.ltvstream.core.eval;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.clv.RfmSummary;
import io.ltvstream.core.history.EventColumns;
import java.util.List;

/**
 * One user of the cohort as of the calibration end.
 *
 * @param userId the user
 * @param events every event of the user (purchases, refunds and any other type) with an event
 *     time before the end of the calibration period, sorted by event time (ties in input order);
 *     never an event of the holdout. Unmodifiable; a {@link EventColumns.Slice} builds each event
 *     when it is read.
 * @param rfm the summary of those events that the customer-base models read
 */
public record UserHistory(String userId, List<EngineeredEvent> events, RfmSummary rfm) {
  public UserHistory {
    // a slice of columns is unmodifiable and holds no event (a million users' worth); others are copied
    events = events instanceof EventColumns.Slice ? events : List.copyOf(events);
  }
}
