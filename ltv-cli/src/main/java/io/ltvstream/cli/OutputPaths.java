package io.ltvstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Output paths checked before the work that fills them, so that a directory given where a file
 * belongs is a usage error at once, not a stack trace or a failed rename after minutes of work.
 */
final class OutputPaths {
  private OutputPaths() {}

  /** A usage error when {@code path} (the value of {@code option}; null: not given) is a directory. */
  static void requireFile(CommandSpec spec, String option, Path path) {
    if (path != null && Files.isDirectory(path)) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + path
          + " is a directory; give the name of the file to write");
    }
  }
}
