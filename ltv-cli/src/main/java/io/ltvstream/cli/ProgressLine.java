package io.ltvstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The CLI's one progress display: a live status line on a terminal (rewritten in place, at most
 * ten times a second), or a plain line every few seconds when the output is not a terminal (a log,
 * a CI job); finished steps print on their own line with the time since the start. A bar on stderr
 * ({@link #onStderr}, for {@code prepare} and {@code backfill}) draws only on a terminal, so logs
 * and redirected output stay clean.
 */
public final class ProgressLine {
  private static final long TERMINAL_EVERY_NANOS = 100_000_000L;
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;
  private static final int BAR_WIDTH = 24;

  private final PrintWriter out;
  private final boolean terminal;
  private final boolean silent;
  private final String prefix;
  private final long start = System.nanoTime();
  private long lastShown;
  private int lastWidth;

  /** @param terminal whether {@code out} is a terminal (see {@link #isTerminal}) */
  public ProgressLine(PrintWriter out, boolean terminal) {
    this(out, terminal, false, "");
  }

  private ProgressLine(PrintWriter out, boolean terminal, boolean silent, String prefix) {
    this.out = out;
    this.terminal = terminal;
    this.silent = silent;
    this.prefix = prefix;
  }

  /**
   * A bar for {@code command} on stderr, prefixed {@code ltv <command>:}, that draws only when
   * {@code wanted} and stderr is a terminal.
   */
  public static ProgressLine onStderr(PrintWriter err, String command, boolean wanted) {
    boolean draws = wanted && isTerminal(2);
    return new ProgressLine(err, draws, !draws, "ltv " + command + ": ");
  }

  /** Shows {@code done} of {@code total} as a bar and a percentage ({@code detail} alone when {@code total <= 0}). */
  public void update(long done, long total, String detail) {
    if (total <= 0) {
      update(detail);
      return;
    }
    int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
    update(String.format(Locale.ROOT, "[%s%s] %3d%% %s", "#".repeat(filled), ".".repeat(BAR_WIDTH - filled),
        Math.min(100, done * 100 / total), detail));
  }

  /** {@code count} per second of wall time since this display was made. */
  public double perSecond(long count) {
    double seconds = elapsedSeconds();
    return seconds > 0 ? count / seconds : 0;
  }

  /** Ends the live line, keeping its last state on screen. */
  public void finish() {
    if (terminal && lastWidth > 0) {
      out.println();
      lastWidth = 0;
    }
    out.flush();
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
    if (silent) {
      return;
    }
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
    String line = prefix.isEmpty() ? String.format("[%5.1fs] %s", elapsedSeconds(), status) : prefix + status;
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }
}
