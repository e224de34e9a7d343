package io.ltvstream.scorer.monitoring;

import io.ltvstream.core.state.MonitoredWindow;
import io.ltvstream.core.state.RecentEventIds;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.LtvPrediction;
import java.util.function.Consumer;

/**
 * Moves one user's monitoring window on to a time: closes the open window once it has ended
 * (handing its outcome to the sink) and opens each window that started after the user's latest
 * event, up to the one holding that time, with the model's prediction at the window's start over
 * the window's days. Called before an in-order event is applied (so the prediction sees only the
 * events before the start) and by the task's spread scan of idle users ({@link WindowScan}). A
 * user idle since before a window start has the same state at any later time, so rolling them
 * late gives the numbers of rolling them at the start; rolling them past several window starts at
 * once opens and closes each window in turn, as rolls at every start would have. A user whose
 * first event falls inside a window joins at the next one. Rolling again to the same time changes
 * nothing.
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
    long target = calendar.startOf(WindowCalendar.dayOf(atMillis));
    int days = calendar.windowDays();
    // the first window start after the user's latest event: no window before it may open
    long next = calendar.firstStartFrom(WindowCalendar.dayOf(state.lastEventMillis()) + 1);
    boolean changed = false;
    while (true) {
      if (window.isOpen()) {
        if (target < window.endDay()) {
          return changed;
        }
        next = Math.max(next, calendar.firstStartFrom(window.endDay()));
        closed.accept(window.close());
        changed = true;
      }
      if (next > target) {
        return changed;
      }
      LtvPrediction prediction = model.predict(state, next * WindowCalendar.DAY_MILLIS, days);
      window.open(next, days, model.version(), prediction.expectedValue(),
          prediction.expectedTransactions(), prediction.pActive());
      changed = true;
    }
  }
}
