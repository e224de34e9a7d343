package io.ltvstream.scorer.topology;

import io.ltvstream.avro.LtvScore;
import io.ltvstream.model.ModelBundle;
import java.util.LinkedHashSet;
import java.util.Set;
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
 * ({@code statestore.cache.max.bytes}, docs/scorer.md).
 */
final class UserLtvProcessorSupplier
    implements ProcessorSupplier<String, ProfiledEvent, String, LtvScore> {
  private final TopologySettings settings;
  private final Supplier<ModelBundle> bundles;
  private final ScorerMetrics metrics;

  UserLtvProcessorSupplier(TopologySettings settings, Supplier<ModelBundle> bundles,
      ScorerMetrics metrics) {
    this.settings = settings;
    this.bundles = bundles;
    this.metrics = metrics;
  }

  @Override
  public Processor<String, ProfiledEvent, String, LtvScore> get() {
    return new UserLtvProcessor(settings, bundles, metrics);
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    StoreBuilder<?> users = Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologySettings.USER_STATE_STORE),
            Serdes.String(), StateSerdes.userState())
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
