package io.ltvstream.cli.demo;

import java.io.PrintStream;

/**
 * One live status line on a terminal (rewritten in place, at most ten times a second), or a plain
 * line every few seconds when the output is not a terminal (a log, a CI job).
 */
final class Progress {
  private static final long TERMINAL_EVERY_NANOS = 100_000_000L;
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastShown;
  private int lastWidth;

  Progress(PrintStream out) {
    this.out = out;
    this.terminal = System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
  }

  /** Shows {@code status} if enough time has passed since the last one. */
  void update(String status) {
    long now = System.nanoTime();
    if (now - lastShown < (terminal ? TERMINAL_EVERY_NANOS : LOG_EVERY_NANOS)) {
      return;
    }
    lastShown = now;
    show(status);
  }

  /** Prints a finished step on its own line. */
  void done(String status) {
    if (terminal && lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
    out.printf("[%5.1fs] %s%n", elapsedSeconds(), status);
    out.flush();
  }

  double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  private void show(String status) {
    String line = String.format("[%5.1fs] %s", elapsedSeconds(), status);
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }
}
