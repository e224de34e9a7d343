package io.ltvstream.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./ltv}. */
@Command(
    name = "ltv",
    mixinStandardHelpOptions = true,
    versionProvider = LtvVersion.class,
    description = "ltv-stream: per-user lifetime value, predicted as events stream in.",
    subcommands = {
      DemoCommand.class,
      PrepareCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      RunCommand.class,
      BenchCommand.class,
      BrokerCommand.class,
      BackfillCommand.class,
      RetrainCommand.class,
      MonitorCommand.class,
      UpgradeBundleCommand.class,
      ShopCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Ltv implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests and embedding. */
  public static CommandLine commandLine() {
    return new CommandLine(new Ltv()).setCaseInsensitiveEnumValuesAllowed(true)
        .registerConverter(LocalDate.class, Ltv::date);
  }

  /** A date option's value; picocli's own message names java.time's parser, not the format. */
  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("expected a date as yyyy-MM-dd, got '" + value + "'");
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one below.");
  }
}
