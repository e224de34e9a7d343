package io.ltvstream.scorer.monitoring;

import io.ltvstream.core.state.MonitoredWindow;
import io.ltvstream.core.state.RecentEventIds;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.LtvPrediction;
import java.util.function.Consumer;

/**
 * Moves one user's monitoring window on to a time: closes the open window once it has ended
 * (handing its outcome to the sink) and opens the window holding that time if it started after
 * the user's latest event, with the model's prediction at the window's start over the window's
 * days. Called before an in-order event is applied (so the prediction sees only the events before
 * the start) and by the scan at each window start (so idle users' windows close and open too). A
 * user whose first event falls inside a window joins at the next one. Rolling again to the same
 * time changes nothing.
 */
public final class WindowRoller {
  private final WindowCalendar calendar;

  public WindowRoller(WindowCalendar calendar) {
    this.calendar = calendar;
  }

  /** The stable hash of a user key that ranks the user in a window's sample. */
  public static long userHash(String userKey) {
    return RecentEventIds.hash(userKey);
  }

  /**
   * @param state the user's state, built by {@code model}'s version
   * @return whether the state changed
   */
  public boolean roll(UserState state, long atMillis, LtvModel model, Consumer<MonitoredWindow.Outcome> closed) {
    if (state.eventCount() == 0) {
      return false;
    }
    MonitoredWindow window = state.monitoredWindow();
    long start = calendar.startOf(WindowCalendar.dayOf(atMillis));
    boolean changed = false;
    if (window.isOpen() && start >= window.endDay()) {
      closed.accept(window.close());
      changed = true;
    }
    long startMillis = start * WindowCalendar.DAY_MILLIS;
    if (!window.isOpen() && startMillis > state.lastEventMillis()) {
      int days = calendar.windowDays();
      LtvPrediction prediction = model.predict(state, startMillis, days);
      window.open(start, days, model.version(), prediction.expectedValue(),
          prediction.expectedTransactions(), prediction.pActive());
      changed = true;
    }
    return changed;
  }
}
