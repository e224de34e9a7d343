package io.ltvstream.cli.testdata;

import io.ltvstream.cli.Ltv;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of {@code ./ltv} in process, as the shell would see it: the exit code and what the
 * command printed on stdout and stderr. The fixture of every test that drives the command line.
 */
public record CliRun(int exit, String out, String err) {
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Ltv.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new CliRun(cli.execute(args), out.toString(), err.toString());
  }
}
