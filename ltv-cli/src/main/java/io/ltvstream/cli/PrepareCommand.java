package io.ltvstream.cli;

import io.ltvstream.core.mapping.MappingException;
import io.ltvstream.core.prepare.PreparePipeline;
import io.ltvstream.core.prepare.ProfilePreparer;
import io.ltvstream.core.prepare.PrepareSummary;
import io.ltvstream.core.prepare.ProgressListener;
import io.ltvstream.core.prepare.UnreadableInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./ltv prepare}: the NiFi bundle's mapping, cleaning, dedupe and feature logic on a file.
 * Exit 0 when the input was read to its end (bad records are rejects, not errors); 1 when the input
 * or an output cannot be read or written; 2 when the command line or the mapping is wrong.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = "Clean, dedupe and feature-engineer a csv or jsonl file with the NiFi processors' logic.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the input was read to its end (bad records went to the rejects)",
        "1:the input could not be read, or an output not written",
        "2:wrong command line or mapping",
        "3:the input was read, but not one record was valid (often a mapping of another format; the summary counts the reasons)"})
final class PrepareCommand implements Callable<Integer> {
  static final int EXIT_UNREADABLE = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_NOTHING_VALID = 3;

  @Spec CommandSpec spec;

  @Option(names = "--input", description = "Raw input file of events (csv or jsonl, optionally .gz).")
  Path input;

  @Option(names = "--mapping",
      description = "Mapping properties file (field.user_id, field.event_time, ...; see docs/nifi.md).")
  Path mapping;

  @Option(names = "--out", description = "Output Avro container file of EngineeredEvent records.")
  Path out;

  @Option(names = "--profiles", description = "Raw file of user profiles (csv or jsonl, optionally .gz).")
  Path profiles;

  @Option(names = "--profile-mapping",
      description = "Profile mapping properties file (field.user_id, field.age_band, ..., pseudonymize.key; see docs/nifi.md).")
  Path profileMapping;

  @Option(names = "--profiles-out", description = "Output Avro container file of UserProfile records (for ./ltv train --profiles).")
  Path profilesOut;

  @Option(names = "--profile-rejects", description = "JSON-lines file of rejected profile records.")
  Path profileRejects;

  @Option(names = "--rejects", description = "JSON-lines file of rejected records: line, reason, detail, original.")
  Path rejects;

  @Option(names = "--json", description = "Summary JSON: records, valid, invalid, duplicates, reasons.")
  Path json;

  @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Show progress on stderr when it is a terminal (default: ${DEFAULT-VALUE}).")
  boolean progress;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    boolean events = input != null || mapping != null || out != null;
    if (events && (input == null || mapping == null || out == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "events need --input, --mapping and --out");
    }
    boolean withProfiles = profiles != null || profileMapping != null || profilesOut != null;
    if (withProfiles && (profiles == null || profileMapping == null || profilesOut == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "profiles need --profiles, --profile-mapping and --profiles-out");
    }
    OutputPaths.requireFile(spec, "--out", out);
    OutputPaths.requireFile(spec, "--profiles-out", profilesOut);
    OutputPaths.requireFile(spec, "--rejects", rejects);
    OutputPaths.requireFile(spec, "--profile-rejects", profileRejects);
    OutputPaths.requireFile(spec, "--json", json);
    if (!events && !withProfiles) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give events (--input, --mapping, --out), profiles (--profiles, --profile-mapping, --profiles-out) or both");
    }
    if (withProfiles) {
      int exit = prepareProfiles(err);
      if (exit != 0 || !events) {
        return exit;
      }
    }
    PreparePipeline pipeline;
    try {
      pipeline = PreparePipeline.of(readMapping(mapping));
    } catch (IOException e) {
      err.println("ltv prepare: cannot read the mapping " + mapping + ": " + FileProblems.describe(e));
      return EXIT_USAGE;
    } catch (MappingException e) {
      err.println("ltv prepare: mapping " + mapping + ": " + FileProblems.describe(e));
      return EXIT_USAGE;
    }
    ProgressLine bar = ProgressLine.onStderr(err, "prepare", progress);
    ProgressListener listener = (bytesRead, totalBytes, records) -> bar.update(bytesRead, totalBytes,
        String.format(Locale.ROOT, "%,.1f MB read, %,d records", bytesRead / 1e6, records));
    PrepareSummary summary;
    try {
      summary = pipeline.run(input, out, rejects, listener);
    } catch (UnreadableInputException e) {
      bar.finish();
      err.println("ltv prepare: " + FileProblems.describe(e));
      return EXIT_UNREADABLE;
    } catch (MappingException e) {
      bar.finish();
      err.println("ltv prepare: " + FileProblems.describe(e));
      return EXIT_USAGE;
    } catch (IOException e) {
      bar.finish();
      err.println("ltv prepare: cannot write the output: " + FileProblems.describe(e));
      return EXIT_UNREADABLE;
    }
    bar.finish();
    String text = summary.toJson();
    if (json != null) {
      try {
        Files.writeString(json, text + System.lineSeparator(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("ltv prepare: cannot write the summary " + json + ": " + FileProblems.describe(e));
        return EXIT_UNREADABLE;
      }
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(text);
    stdout.flush();
    if (summary.records() > 0 && summary.valid() == 0) {
      err.println("ltv prepare: not one of the " + summary.records() + " records of " + input + " was valid ("
          + summary.reasons() + (rejects == null ? "; --rejects F keeps them with their reasons" : "; they are in " + rejects)
          + "): does the mapping " + mapping + " match the input's format?");
      return EXIT_NOTHING_VALID;
    }
    return 0;
  }

  private int prepareProfiles(PrintWriter err) {
    ProfilePreparer preparer;
    try {
      preparer = ProfilePreparer.of(readMapping(profileMapping));
    } catch (IOException e) {
      err.println("ltv prepare: cannot read the profile mapping " + profileMapping + ": " + FileProblems.describe(e));
      return EXIT_USAGE;
    } catch (MappingException e) {
      err.println("ltv prepare: profile mapping " + profileMapping + ": " + FileProblems.describe(e));
      return EXIT_USAGE;
    }
    try {
      PrepareSummary summary = preparer.run(profiles, profilesOut, profileRejects);
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(summary.toJson());
      stdout.flush();
      return 0;
    } catch (UnreadableInputException e) {
      err.println("ltv prepare: " + FileProblems.describe(e));
      return EXIT_UNREADABLE;
    } catch (MappingException e) {
      err.println("ltv prepare: " + FileProblems.describe(e));
      return EXIT_USAGE;
    } catch (IOException e) {
      err.println("ltv prepare: cannot prepare the profiles: " + FileProblems.describe(e));
      return EXIT_UNREADABLE;
    }
  }

  static Map<String, String> readMapping(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      settings.put(name, properties.getProperty(name));
    }
    return settings;
  }
}
