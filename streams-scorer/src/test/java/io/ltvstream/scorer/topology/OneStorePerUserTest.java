package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.state.UserStateCodec;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.testkit.TinyModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Everything the scorer keeps per user is one value in one store: one changelog write per event. */
class OneStorePerUserTest {
  private static final String CHANGELOG = "scorer-test-" + TopologySettings.USER_STATE_STORE + "-changelog";
  private static ModelBundle bundle;

  @BeforeAll
  static void train() {
    bundle = TinyModel.bundle();
  }

  @Test
  void everyScoredEventWritesOneChangelogRecordHoldingTheUsersWholeState() {
    List<EngineeredEvent> events = ShopEvents.of(20, 60);
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      events.forEach(scorer::send);
      long scored = scorer.readScores().size();

      assertThat(scorer.driver.producedTopicNames()).filteredOn(t -> t.endsWith("-changelog"))
          .containsExactly(CHANGELOG);
      TestOutputTopic<byte[], byte[]> changelog = scorer.driver.createOutputTopic(
          CHANGELOG, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TestRecord<byte[], byte[]>> writes = changelog.readRecordsToList();
      assertThat((long) writes.size()).isEqualTo(scored);

      Map<String, Integer> latestBytes = new HashMap<>();
      for (TestRecord<byte[], byte[]> write : writes) {
        latestBytes.put(new String(write.key()), write.key().length + write.value().length);
        assertThat(UserStateCodec.decode(write.value())).isNotNull();
      }
      // the tiny model has 8 units; UserStateCodecTest sizes the trainer's 32-unit default
      assertThat(latestBytes.values()).allSatisfy(bytes -> assertThat(bytes).isLessThanOrEqualTo(1024));
      System.out.printf("user-state changelog, key + value per user: mean %.0f, max %d bytes (%d users, 8-unit model)%n",
          latestBytes.values().stream().mapToInt(Integer::intValue).average().orElseThrow(),
          latestBytes.values().stream().mapToInt(Integer::intValue).max().orElseThrow(), latestBytes.size());
    }
  }
}
