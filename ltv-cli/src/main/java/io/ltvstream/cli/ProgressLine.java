package io.ltvstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CLI's one progress display: a live status line on a terminal (rewritten in place, at most
 * ten times a second), or a plain line every few seconds when the output is not a terminal (a log,
 * a CI job); finished steps print on their own line with the time since the start.
 */
public final class ProgressLine {
  private static final long TERMINAL_EVERY_NANOS = 100_000_000L;
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastShown;
  private int lastWidth;

  /** @param terminal whether {@code out} is a terminal (see {@link #isTerminal}) */
  public ProgressLine(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /**
   * Whether file descriptor {@code fd} (1 stdout, 2 stderr) is a terminal: on Linux /proc tells;
   * elsewhere a console with a capable TERM means an interactive session.
   */
  public static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }
  }

  /** Shows {@code status} if enough time has passed since the last one. */
  public void update(String status) {
    long now = System.nanoTime();
    if (lastShown != 0 && now - lastShown < (terminal ? TERMINAL_EVERY_NANOS : LOG_EVERY_NANOS)) {
      return;
    }
    lastShown = now;
    show(status);
  }

  /** Prints a finished step on its own line, replacing the live one. */
  public void done(String status) {
    clear();
    out.printf("[%5.1fs] %s%n", elapsedSeconds(), status);
    out.flush();
  }

  /** Removes the live line, if any (before other output). */
  public void clear() {
    if (terminal && lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
      out.flush();
    }
  }

  public double elapsedSeconds() {
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
