package io.ltvstream.scorer.topology;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.model.ModelBundle;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Creates a {@link UserLtvProcessor} per task and declares its persistent, changelogged stores: the
 * users' states; with idle re-scoring on, the time of the task's last idle scan; and with
 * monitoring on, the task's monitoring windows (a few per window, not per user) and where its
 * monitoring scan stands (one value per task).
 * The store's record cache keeps a busy user's value in memory between commits, so a user with
 * several events in one commit interval costs one changelog write, not one per event
 * ({@code statestore.cache.max.bytes}, docs/scorer.md). The users' store holds the {@code
 * UserStateCodec} bytes themselves (a byte-array serde), which the processor decodes into one
 * reused state: a get hands over the cached array, a put the one array the value needs.
 */
final class UserLtvProcessorSupplier<V> implements ProcessorSupplier<String, V, String, LtvScore> {
  private final TopologySettings settings;
  private final Supplier<ModelBundle> bundles;
  private final ScorerMetrics metrics;
  private final Function<V, EngineeredEvent> eventOf;
  private final Function<V, UserProfile> profileOf;

  private UserLtvProcessorSupplier(TopologySettings settings, Supplier<ModelBundle> bundles,
      ScorerMetrics metrics, Function<V, EngineeredEvent> eventOf, Function<V, UserProfile> profileOf) {
    this.settings = settings;
    this.bundles = bundles;
    this.metrics = metrics;
    this.eventOf = eventOf;
    this.profileOf = profileOf;
  }

  /** Scores the events themselves: profiles are off, so no value is wrapped per event. */
  static UserLtvProcessorSupplier<EngineeredEvent> ofEvents(TopologySettings settings,
      Supplier<ModelBundle> bundles, ScorerMetrics metrics) {
    return new UserLtvProcessorSupplier<>(settings, bundles, metrics, event -> event, event -> null);
  }

  /** Scores the events joined with their users' profiles. */
  static UserLtvProcessorSupplier<ProfiledEvent> ofProfiledEvents(TopologySettings settings,
      Supplier<ModelBundle> bundles, ScorerMetrics metrics) {
    return new UserLtvProcessorSupplier<>(settings, bundles, metrics, ProfiledEvent::event, ProfiledEvent::profile);
  }

  @Override
  public Processor<String, V, String, LtvScore> get() {
    return new UserLtvProcessor<>(settings, bundles, metrics, eventOf, profileOf);
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    StoreBuilder<?> users = Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologySettings.USER_STATE_STORE),
            Serdes.String(), Serdes.ByteArray())
        .withCachingEnabled();
    Set<StoreBuilder<?>> stores = new LinkedHashSet<>();
    stores.add(users);
    if (settings.idleAfter() != null) {
      stores.add(Stores.keyValueStoreBuilder(
          Stores.persistentKeyValueStore(TopologySettings.IDLE_SCAN_STORE), Serdes.String(), Serdes.Long()));
    }
    if (settings.monitoring().enabled()) {
      stores.add(Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(TopologySettings.MONITORING_STORE), Serdes.String(), Serdes.ByteArray())
          .withCachingEnabled());
      stores.add(Stores.keyValueStoreBuilder(
          Stores.persistentKeyValueStore(TopologySettings.MONITORING_SCAN_STORE), Serdes.String(), Serdes.ByteArray()));
    }
    return stores;
  }
}
