package io.ltvstream.scorer.topology;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.state.UserStateCodec;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.schemas.kafka.LtvSerdes;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The scorer topology in a TopologyTestDriver, with the production error handling. */
final class ScorerDriver implements AutoCloseable {
  final TopologySettings settings;
  final ScorerMetrics metrics = new ScorerMetrics();
  final TopologyTestDriver driver;
  final TestInputTopic<String, EngineeredEvent> events;
  final TestOutputTopic<String, LtvScore> scores;
  final TestOutputTopic<byte[], byte[]> deadLetters;
  /** The profiles topic, when the settings name one. */
  final TestInputTopic<String, UserProfile> profiles;

  ScorerDriver(TopologySettings settings, Supplier<ModelBundle> bundles) {
    this.settings = settings;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scorer-test");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    props.putAll(ScorerTopology.errorHandling(settings, metrics));
    LtvSchemaStore schemas = LtvSchemaStore.standard();
    driver = new TopologyTestDriver(ScorerTopology.build(settings, bundles, metrics, schemas, ScorerTopology.DEFAULT_MAX_RECORD_BYTES), props,
        Instant.parse("2026-01-01T00:00:00Z"));
    events = driver.createInputTopic(settings.eventsTopic(), new StringSerializer(),
        LtvSerdes.engineeredEvent(schemas).serializer());
    scores = driver.createOutputTopic(settings.scoresTopic(), new StringDeserializer(),
        LtvSerdes.ltvScore(schemas).deserializer());
    deadLetters = driver.createOutputTopic(settings.deadLetterTopic(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    profiles = settings.profilesTopic() == null ? null : driver.createInputTopic(settings.profilesTopic(),
        new StringSerializer(), LtvSerdes.userProfile(schemas).serializer());
  }

  /** Sends an event keyed by its user, timestamped with its event time. */
  void send(EngineeredEvent event) {
    events.pipeInput(event.getUserId(), event, event.getEventTime());
  }

  List<TestRecord<String, LtvScore>> readScores() {
    return scores.readRecordsToList();
  }

  /** The users' store, its values decoded. */
  UserStates userStates() {
    return new UserStates(driver.getKeyValueStore(TopologySettings.USER_STATE_STORE));
  }

  /** A read view of the users' store that decodes each value ({@code UserStateCodec}). */
  record UserStates(KeyValueStore<String, byte[]> store) {
    UserState get(String userId) {
      byte[] stored = store.get(userId);
      return stored == null ? null : UserStateCodec.decode(stored);
    }

    KeyValueIterator<String, UserState> all() {
      KeyValueIterator<String, byte[]> all = store.all();
      return new KeyValueIterator<>() {
        @Override
        public boolean hasNext() {
          return all.hasNext();
        }

        @Override
        public KeyValue<String, UserState> next() {
          KeyValue<String, byte[]> next = all.next();
          return KeyValue.pair(next.key, UserStateCodec.decode(next.value));
        }

        @Override
        public String peekNextKey() {
          return all.peekNextKey();
        }

        @Override
        public void close() {
          all.close();
        }
      };
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
