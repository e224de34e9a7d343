package io.ltvstream.scorer.cli;

import io.ltvstream.scorer.service.ScorerConfig;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.scorer.service.ScorerSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the streams-scorer service against a Kafka cluster. Every setting can be"
        + " overridden by an environment variable: LTV_ + the key in upper case with dots as"
        + " underscores (LTV_BOOTSTRAP_SERVERS, LTV_SCORER_HTTP_PORT). Stops cleanly on SIGTERM.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "scorer.properties (see docs/scorer.md).")
  Path config;

  @Override
  public Integer call() throws Exception {
    ScorerService service;
    try {
      service = ScorerService.start(new ScorerSettings(ScorerConfig.load(config)));
    } catch (IllegalArgumentException | IllegalStateException | java.io.IOException
        | org.apache.kafka.common.KafkaException e) {
      System.err.println("ltv run: " + e.getMessage());
      return 1;
    }
    Thread shutdown = new Thread(service::close, "ltv-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    service.awaitShutdown();
    return service.streams().state() == org.apache.kafka.streams.KafkaStreams.State.ERROR ? 1 : 0;
  }
}
