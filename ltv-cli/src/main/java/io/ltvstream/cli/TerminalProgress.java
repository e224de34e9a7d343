package io.ltvstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The command line's one progress bar: a single line on stderr, redrawn in place at most four
 * times a second and once more at the end, only when stderr is a terminal (so logs and redirected
 * output stay clean). Used by {@code prepare} and {@code backfill}.
 */
final class TerminalProgress {
  private static final long REDRAW_NANOS = 250_000_000L;
  private static final int BAR_WIDTH = 24;

  private final PrintWriter err;
  private final String command;
  private final boolean enabled;
  private final long started = System.nanoTime();
  private long lastDrawn;
  private boolean drawn;
  private String line = "";

  private TerminalProgress(PrintWriter err, String command, boolean enabled) {
    this.err = err;
    this.command = command;
    this.enabled = enabled;
  }

  /**
   * A bar for {@code command} (the name it is prefixed with) that draws only if {@code wanted}
   * and stderr is a terminal.
   */
  static TerminalProgress onStderr(PrintWriter err, String command, boolean wanted) {
    return new TerminalProgress(err, command, wanted && stderrIsTerminal());
  }

  /**
   * Shows {@code done} of {@code total} (a bar and a percentage; just {@code detail} when the total
   * is unknown, {@code total <= 0}) followed by {@code detail}.
   */
  void update(long done, long total, String detail) {
    if (!enabled) {
      return;
    }
    if (total > 0) {
      long percent = Math.min(100, done * 100 / total);
      int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
      line = String.format(Locale.ROOT, "ltv %s: [%s%s] %3d%% %s", command, "#".repeat(filled),
          ".".repeat(BAR_WIDTH - filled), percent, detail);
    } else {
      line = "ltv " + command + ": " + detail;
    }
    long now = System.nanoTime();
    if (!drawn || now - lastDrawn >= REDRAW_NANOS) {
      lastDrawn = now;
      draw();
    }
  }

  /** {@code count} per second of wall time since this bar was made. */
  double perSecond(long count) {
    double seconds = (System.nanoTime() - started) / 1e9;
    return seconds > 0 ? count / seconds : 0;
  }

  /** Draws the last state and ends the line, if anything was drawn. */
  void finish() {
    if (drawn) {
      draw();
      err.println();
    }
    err.flush();
  }

  private void draw() {
    drawn = true;
    err.print("\r" + line);
    err.flush();
  }

  /**
   * Progress goes to stderr, so it shows when stderr is a terminal even if stdout (the summary) is
   * redirected. On Linux /proc tells; elsewhere a console means an interactive session.
   */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
