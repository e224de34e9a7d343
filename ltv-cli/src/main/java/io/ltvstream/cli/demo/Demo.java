package io.ltvstream.cli.demo;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code ./ltv demo}: runs the demo, prints and writes its results. */
public final class Demo {
  private Demo() {}

  /** @return the exit code: 0 when every record was accounted for, 1 otherwise */
  public static int run(DemoOptions options, Path json, PrintStream out) throws Exception {
    DemoRun.Outcome outcome = new DemoRun(options, out).run();
    DemoReport report = new DemoReport(outcome, options.top());
    report.print(out);
    report.writeHtml(options.report());
    out.println();
    out.println("report: " + options.report().toAbsolutePath());
    if (json != null) {
      outcome.summary().write(json);
      out.println("summary: " + json.toAbsolutePath());
    }
    out.printf("done in %.1f s%n", outcome.summary().seconds());
    if (!outcome.summary().conserved()) {
      out.println("ltv demo: some records are not accounted for (see the summary above)");
      return 1;
    }
    return 0;
  }
}
