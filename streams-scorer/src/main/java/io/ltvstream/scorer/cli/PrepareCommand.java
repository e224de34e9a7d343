package io.ltvstream.scorer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = "Clean, dedupe and feature-engineer a csv or jsonl file with the NiFi processors' logic.")
final class PrepareCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Raw input file (csv or jsonl).")
  Path input;

  @Option(names = "--mapping", required = true, description = "Mapping properties file (field.user_id, field.event_time, ...).")
  Path mapping;

  @Option(names = "--out", required = true, description = "Output Avro container file of EngineeredEvent records.")
  Path out;

  @Option(names = "--rejects", description = "JSON-lines file of rejected records: line, reason, original.")
  Path rejects;

  @Option(names = "--json", description = "Summary JSON: records, valid, invalid, duplicates, reasons.")
  Path json;

  @Override
  public Integer call() {
    return NotAvailableYet.report("prepare");
  }
}
