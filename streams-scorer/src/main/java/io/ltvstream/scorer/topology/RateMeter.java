package io.ltvstream.scorer.topology;

import java.util.concurrent.atomic.AtomicLongArray;

/** Events per second over a sliding window of whole seconds; lock-free, approximate at the edges. */
final class RateMeter {
  private final int seconds;
  private final AtomicLongArray counts;
  private final AtomicLongArray epochs;

  RateMeter(int seconds) {
    this.seconds = seconds;
    this.counts = new AtomicLongArray(seconds);
    this.epochs = new AtomicLongArray(seconds);
  }

  void mark(long nowMillis) {
    long second = nowMillis / 1000;
    int slot = (int) (second % seconds);
    long epoch = epochs.get(slot);
    if (epoch != second && epochs.compareAndSet(slot, epoch, second)) {
      counts.set(slot, 0);
    }
    counts.incrementAndGet(slot);
  }

  /** Mean rate over the complete seconds of the window (the current second is still filling). */
  double perSecond(long nowMillis) {
    long current = nowMillis / 1000;
    long total = 0;
    for (int slot = 0; slot < seconds; slot++) {
      long second = epochs.get(slot);
      if (second < current && second >= current - seconds + 1) {
        total += counts.get(slot);
      }
    }
    return total / (double) (seconds - 1);
  }
}
