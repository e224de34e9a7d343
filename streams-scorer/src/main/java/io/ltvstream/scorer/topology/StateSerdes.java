package io.ltvstream.scorer.topology;

import io.ltvstream.core.state.UserState;
import io.ltvstream.core.state.UserStateCodec;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes of the two stores' values: the shared {@link UserStateCodec}, and {@link RecentSteps}. */
public final class StateSerdes {
  private StateSerdes() {}

  public static Serde<UserState> userState() {
    return Serdes.serdeFrom(
        (topic, state) -> state == null ? null : UserStateCodec.encode(state),
        (topic, bytes) -> bytes == null ? null : UserStateCodec.decode(bytes));
  }

  public static Serde<RecentSteps> recentSteps(int capacity) {
    return Serdes.serdeFrom(
        (topic, recent) -> recent == null ? null : recent.encode(),
        (topic, bytes) -> bytes == null ? null : RecentSteps.decode(bytes, capacity));
  }
}
