/**
 * Live monitoring in the scorer: whether the scores in service come true. Each user's state holds
 * the prediction made when their monitoring window opened ({@code core.state.MonitoredWindow});
 * {@link io.ltvstream.scorer.monitoring.WindowCalendar} says when windows open and close, {@link
 * io.ltvstream.scorer.monitoring.WindowRoller} opens and closes a user's window, {@link
 * io.ltvstream.scorer.monitoring.WindowTally} sums one window's closed predictions per task (a
 * partial that can be summed with other partitions'), and {@link
 * io.ltvstream.scorer.monitoring.MonitoringBoard} combines the partials into closed windows for
 * {@code /metrics} and {@code GET /v1/monitoring}, and raises the drift alert.
 */
package io.ltvstream.scorer.monitoring;
