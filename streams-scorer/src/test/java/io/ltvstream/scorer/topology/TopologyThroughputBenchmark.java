package io.ltvstream.scorer.topology;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.state.UserStateCodec;
import io.ltvstream.scorer.fixtures.CdnowSample;
import io.ltvstream.scorer.fixtures.TrainedBundles;
import io.ltvstream.scorer.model.ModelBundle;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * Not a test (no assertion, not matched by Surefire's default includes): prints how fast the
 * topology scores CDNOW master events in a TopologyTestDriver with RocksDB stores, and how many
 * bytes a user takes in each store. Run with
 * {@code ./mvnw -q -pl streams-scorer -am verify -Dtest=TopologyThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class TopologyThroughputBenchmark {
  @Test
  void printThroughputAndStateSize() throws Exception {
    Path master = CdnowSample.file().resolveSibling("CDNOW_master.txt");
    List<EngineeredEvent> events = CdnowReader.read(master).events().stream()
        .sorted(Comparator.comparing(EngineeredEvent::getEventTime)).toList();
    String only = System.getenv("BENCH_UNITS"); // e.g. BENCH_UNITS=32 to measure one size
    for (int units : only == null ? new int[] {8, 32} : new int[] {Integer.parseInt(only)}) {
      ModelBundle bundle = TrainedBundles.sized(7, units);
      try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
        long started = System.nanoTime();
        for (EngineeredEvent event : events) {
          scorer.send(event);
          if (scorer.scores.getQueueSize() > 10_000) {
            scorer.scores.readRecordsToList(); // keep the output queue small
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long users = 0;
        long stateBytes = 0;
        long recentBytes = 0;
        try (KeyValueIterator<String, UserState> all = scorer.userStates().all()) {
          while (all.hasNext()) {
            KeyValue<String, UserState> user = all.next();
            users++;
            stateBytes += UserStateCodec.size(user.value);
            recentBytes += scorer.recentSteps().get(user.key).encode().length;
          }
        }
        System.out.printf("units=%d: %d CDNOW master events, %d users in %.1f s: %.0f events/s through"
                + " TopologyTestDriver (RocksDB, exactly one score each); user-state %.0f bytes/user,"
                + " user-recent %.0f bytes/user; scores %d; UserLtvProcessor mean %.1f us/event%n",
            units, events.size(), users, seconds, events.size() / seconds,
            stateBytes / (double) users, recentBytes / (double) users, scorer.metrics.scores(),
            scorer.metrics.latencySumSeconds() * 1e6 / scorer.metrics.latencyCount());
      }
    }
  }
}
