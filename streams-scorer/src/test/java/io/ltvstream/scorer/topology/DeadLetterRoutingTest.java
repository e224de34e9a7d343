package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.schemas.LtvSchemaStore;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Records that never reach the model: undecodable bytes go to the dead-letter topic with reasons. */
class DeadLetterRoutingTest {
  private final TopologySettings settings = TopologySettings.defaults();
  private final ScorerMetrics metrics = new ScorerMetrics();

  @Test
  void poisonBytesGoToTheDeadLetterTopicWithReasonAndSourceAndTheStreamGoesOn() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dlq-test");
    props.putAll(ScorerTopology.errorHandling(settings, metrics));
    try (TopologyTestDriver driver = new TopologyTestDriver(ScorerTopology.build(settings,
        () -> { throw new AssertionError("undecodable records never reach the model"); },
        metrics, LtvSchemaStore.standard(), ScorerTopology.DEFAULT_MAX_RECORD_BYTES), props)) {
      TestInputTopic<String, byte[]> events = driver.createInputTopic(
          settings.eventsTopic(), new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(
          settings.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

      byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
      byte[] truncated = {(byte) 0xC3, 0x01, 5};
      byte[] unknownSchema = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
      events.pipeInput("u1", garbage);
      events.pipeInput("u2", truncated);
      events.pipeInput("u3", unknownSchema);

      List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
      assertThat(dead).hasSize(3);
      assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
          .containsExactly("corrupt", "truncated", "unknown-schema");
      assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC))
          .containsOnly(settings.eventsTopic());
      assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET))
          .containsExactly("0", "1", "2");
      assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.SOURCE_PARTITION))
          .containsOnly("0");
      assertThat(Arrays.equals(dead.get(0).value(), garbage)).isTrue();
      assertThat(new String(dead.get(1).key())).isEqualTo("u2");
      assertThat(metrics.deadLetters())
          .containsEntry("corrupt", 1L).containsEntry("truncated", 1L).containsEntry("unknown-schema", 1L);
    }
  }
}
