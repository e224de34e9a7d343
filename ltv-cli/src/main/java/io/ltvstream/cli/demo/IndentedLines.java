package io.ltvstream.cli.demo;

import java.io.OutputStream;
import java.io.PrintStream;

/** Indents every line written through it, so the trainer's epoch lines sit under the demo's steps. */
final class IndentedLines extends OutputStream {
  private final PrintStream target;
  private boolean lineStart = true;

  IndentedLines(PrintStream target) {
    this.target = target;
  }

  @Override
  public void write(int b) {
    if (lineStart) {
      target.print("          ");
      lineStart = false;
    }
    target.write(b);
    if (b == '\n') {
      lineStart = true;
      target.flush();
    }
  }

  @Override
  public void flush() {
    target.flush();
  }
}
