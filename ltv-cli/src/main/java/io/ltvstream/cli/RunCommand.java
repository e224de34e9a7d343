package io.ltvstream.cli;

import io.ltvstream.scorer.ScorerMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltv run} inside the full CLI, where ltv-train is on the class path and so {@code
 * scorer.engine=dl4j} works; the launcher runs {@link ScorerMain} on the slim service class path
 * otherwise.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the streams-scorer service against a Kafka cluster. Every setting can be"
        + " overridden by an environment variable: LTV_ + the key in upper case with dots as"
        + " underscores (LTV_BOOTSTRAP_SERVERS, LTV_SCORER_HTTP_PORT). Stops cleanly on SIGTERM.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "scorer.properties (see docs/scorer.md).")
  Path config;

  @Override
  public Integer call() {
    return ScorerMain.run(config);
  }
}
