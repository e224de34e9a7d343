package io.ltvstream.it;

import io.ltvstream.scorer.service.ScorerConfig;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.scorer.service.ScorerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** Scorer settings for the embedded broker, and the scorer service run in this JVM. */
final class ScorerProcess {
  private ScorerProcess() {}

  static Map<String, String> config(String bootstrapServers, String applicationId, Path stateDir, Path bundle) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("bootstrap.servers", bootstrapServers);
    config.put("application.id", applicationId);
    config.put("state.dir", stateDir.toString());
    config.put("num.stream.threads", "1");
    config.put("replication.factor", "1");
    config.put("processing.guarantee", "exactly_once_v2");
    config.put("commit.interval.ms", "100");
    config.put("scorer.model.path", bundle.toString());
    config.put("scorer.http.host", "127.0.0.1");
    config.put("scorer.http.port", "0");
    config.put("scorer.http.tokens", "reader:it-reader-token");
    return config;
  }

  static ScorerService startInProcess(Map<String, String> config) throws Exception {
    ScorerService service = ScorerService.start(new ScorerSettings(ScorerConfig.of(config)));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (service.streams().state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        service.close();
        throw new AssertionError("the scorer did not reach RUNNING: " + service.streams().state());
      }
      Thread.sleep(100);
    }
    return service;
  }
}
