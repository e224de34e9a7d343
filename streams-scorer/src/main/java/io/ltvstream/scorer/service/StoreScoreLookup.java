package io.ltvstream.scorer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.model.ValueExplanation;
import java.util.ArrayList;
import java.util.List;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.state.UserStateCodec;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.scorer.http.ScoreLookup;
import io.ltvstream.scorer.topology.ModelInstances;
import io.ltvstream.scorer.topology.Scores;
import io.ltvstream.scorer.topology.SegmentRules;
import io.ltvstream.scorer.topology.TopologySettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers score queries with interactive queries: Kafka Streams says which instance owns the
 * user's partition ({@code application.server}); here, the user's state is read from the local
 * {@code user-state} store and scored now (the value head with the time since the user's latest
 * event), without changing the store. A state built by an older model is rebuilt on a copy.
 */
public final class StoreScoreLookup implements ScoreLookup {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaStreams streams;
  private final HostInfo self;
  private final ModelInstances models;
  private final SegmentRules segments;
  private final boolean profiles;
  private final LongSupplier clock;

  public StoreScoreLookup(KafkaStreams streams, HostInfo self, Supplier<ModelBundle> bundles,
      TopologySettings settings, LongSupplier clock) {
    this.streams = streams;
    this.self = self;
    this.models = new ModelInstances(bundles, settings.engine());
    this.segments = settings.segments();
    this.profiles = settings.profilesTopic() != null;
    this.clock = clock;
  }

  @Override
  public Result find(String userId, Long atMillis) {
    return answer(userId, atMillis, (state, profile, model, at) -> toJson(Scores.of(userId, null, at, state, profile,
        model, segments)));
  }

  @Override
  public Result explain(String userId, Long atMillis) {
    return answer(userId, atMillis, (state, profile, model, at) -> {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("user_id", userId);
      json.put("at", java.time.Instant.ofEpochMilli(at).toString());
      json.put("model_version", model.version());
      json.put("feature_spec", model.dimensions().width() == 0 ? 1 : 2);
      ValueExplanation explanation = ValueExplanation.of(model, state, profile, at);
      json.put("expected_value", explanation.expectedValue());
      json.put("contributions", explanation.contributions());
      json.put("shares", explanation.shares());
      List<Map<String, Object>> events = new ArrayList<>();
      for (ValueExplanation.EventEffect e : explanation.events()) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", e.type());
        event.put("amount", e.amount());
        event.put("days_since_previous", e.daysSincePrevious());
        event.put("value_change", e.valueChange());
        events.add(event);
      }
      json.put("last_events", events);
      try {
        return JSON.writeValueAsString(json);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("an explanation always serializes", e);
      }
    });
  }

  /** What an answer is made of: the user's state (rebuilt for the model in service), profile, model, time. */
  @FunctionalInterface
  private interface Answer {
    String of(UserState state, UserProfile profile, LtvModel model, long atMillis);
  }

  private Result answer(String userId, Long atMillis, Answer answer) {
    KeyQueryMetadata owner = streams.queryMetadataForKey(
        TopologySettings.USER_STATE_STORE, userId, Serdes.String().serializer());
    if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return new Unavailable("the owner of this user is not known yet (rebalancing)");
    }
    if (!owner.activeHost().equals(self)) {
      return new Remote(owner.activeHost().host(), owner.activeHost().port());
    }
    UserState state;
    UserProfile profile = null;
    try {
      ReadOnlyKeyValueStore<String, byte[]> states = streams.store(StoreQueryParameters
          .fromNameAndType(TopologySettings.USER_STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
          .withPartition(owner.partition()));
      byte[] stored = states.get(userId);
      if (stored == null) {
        return new NotFound();
      }
      state = UserStateCodec.decode(stored);
      if (profiles) {
        profile = streams.store(StoreQueryParameters.fromNameAndType(TopologySettings.USER_PROFILE_STORE,
            QueryableStoreTypes.<String, UserProfile>keyValueStore()).withPartition(owner.partition())).get(userId);
      }
    } catch (InvalidStateStoreException e) {
      return new Unavailable("the user's state is being restored or moved");
    }
    long at = Math.max(atMillis == null ? clock.getAsLong() : atMillis, state.lastEventMillis());
    synchronized (this) {
      LtvModel current = models.current();
      UserState scored = state;
      if (!state.modelVersion().equals(current.version())) {
        scored = state.copy();
        EventReplay.rebuild(scored, current);
      }
      return new Local(answer.of(scored, profile, current, at));
    }
  }

  /** The score as JSON: Avro field names, instants as ISO-8601. */
  static String toJson(LtvScore score) {
    Map<String, Object> json = new LinkedHashMap<>();
    score.getSchema().getFields().forEach(field -> {
      Object value = score.get(field.pos());
      json.put(field.name(), value == null || value instanceof Number || value instanceof Boolean
          ? value : value.toString());
    });
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a score always serializes", e);
    }
  }
}
