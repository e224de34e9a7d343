package io.ltvstream.scorer.topology;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.schemas.kafka.AvroMessageSerde;
import io.ltvstream.schemas.kafka.LtvSerdes;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The scorer's topology:
 * <pre>
 * ltv-events --+-- keyed by its user id ------------------------------+-- UserLtvProcessor -- ltv-scores
 *              +-- no key, or another key -- re-key -- repartition ---+   (user-state)
 *                                                     left join ltv-user-profiles (KTable, when set)
 *                                                     (without profiles the events go in as they are)
 * undecodable records, late events, unscorable records ------------------------------------ ltv-dlq
 * </pre>
 * The profiles table is co-partitioned with the events (Kafka Streams checks that both topics have
 * the same partition count), so the join needs no repartition of its own; an event meets the
 * profile its user had when it was processed, so a profile that arrives after a user's first
 * events is used from then on. The processor also reads the table's store for idle re-scores.
 * Record timestamps, and so stream time, are the events' {@code event_time} ({@link
 * EventTimeExtractor}); the repartition carries them on.
 * The DSL does only the routing and the repartition (so Kafka Streams creates and sizes that
 * internal topic); scoring is the processor-API {@link UserLtvProcessor}. Every internal resource
 * is named, so the topology can run with {@code ensure.explicit.internal.resource.naming=true}
 * and names stay stable across versions. The dead-letter topic is written by the error handlers
 * ({@link #errorHandling}).
 */
public final class ScorerTopology {
  public static final String REPARTITION_NAME = "events-by-user";

  private ScorerTopology() {}

  /** The largest record a producer sends by default ({@code max.request.size}). */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

  /**
   * @param maxScoreRecordBytes the largest score record the scores topic takes; a larger score is
   *     dead-lettered ({@link ScoreSizeLimit})
   */
  public static Topology build(TopologySettings settings, Supplier<ModelBundle> bundles,
      ScorerMetrics metrics, LtvSchemaStore schemas, int maxScoreRecordBytes) {
    AvroMessageSerde<EngineeredEvent> events = LtvSerdes.engineeredEvent(schemas);
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, EngineeredEvent> source = builder.stream(settings.eventsTopic(),
        Consumed.with(Serdes.String(), events).withTimestampExtractor(new EventTimeExtractor())
            .withName("ltv-events-source"));
    KStream<String, EngineeredEvent> keyed =
        source.filter((key, event) -> !needsRekey(key, event), Named.as("keyed-by-user"));
    KStream<String, EngineeredEvent> rekeyed = source
        .filter((key, event) -> needsRekey(key, event), Named.as("not-keyed-by-user"))
        .selectKey((key, event) -> event.getUserId(), Named.as("key-by-user"))
        .repartition(Repartitioned.with(Serdes.String(), events).withName(REPARTITION_NAME));
    KStream<String, EngineeredEvent> byUser = keyed.merge(rekeyed, Named.as("all-events-by-user"));
    KStream<String, LtvScore> scores;
    if (settings.profilesTopic() == null) {
      scores = byUser.process(UserLtvProcessorSupplier.ofEvents(settings, bundles, metrics), Named.as("user-ltv"));
    } else {
      AvroMessageSerde<UserProfile> profileSerde = LtvSerdes.userProfile(schemas);
      KTable<String, UserProfile> profiles = builder.table(settings.profilesTopic(),
          Consumed.with(Serdes.String(), profileSerde).withName("ltv-user-profiles-source"),
          Materialized.<String, UserProfile, KeyValueStore<Bytes, byte[]>>as(TopologySettings.USER_PROFILE_STORE)
              .withKeySerde(Serdes.String()).withValueSerde(profileSerde));
      scores = byUser.leftJoin(profiles, ProfiledEvent::new,
              Joined.with(Serdes.String(), events, profileSerde).withName("join-user-profile"))
          .process(UserLtvProcessorSupplier.ofProfiledEvents(settings, bundles, metrics), Named.as("user-ltv"),
              TopologySettings.USER_PROFILE_STORE);
    }
    scores.to(settings.scoresTopic(), Produced.with(Serdes.String(), Serdes.serdeFrom(
            new ScoreSizeLimit(LtvSerdes.ltvScore(schemas), maxScoreRecordBytes), LtvSerdes.ltvScore(schemas)))
        .withName("ltv-scores-sink"));
    return builder.build();
  }

  /** An event goes through the repartition when its key is not its user id (and it has one). */
  static boolean needsRekey(String key, EngineeredEvent event) {
    return event != null && event.getUserId() != null && !event.getUserId().isEmpty()
        && !event.getUserId().equals(key);
  }

  /**
   * The Streams settings that route bad records to {@code settings.deadLetterTopic()} and keep
   * going, and hand {@code metrics} to the handlers.
   */
  public static Properties errorHandling(TopologySettings settings, ScorerMetrics metrics) {
    Properties props = new Properties();
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, settings.deadLetterTopic());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class.getName());
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterProcessingHandler.class.getName());
    // the topology has no global stores; this is Kafka 5.0's default, set now to keep the same behaviour
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterProductionHandler.class.getName());
    props.put(DeadLetterHandler.METRICS_CONFIG, metrics);
    return props;
  }
}
