package io.ltvstream.scorer.topology;

import io.ltvstream.core.state.UserState;
import io.ltvstream.core.state.UserStateCodec;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serde of the store's value: the shared {@link UserStateCodec}. */
public final class StateSerdes {
  private StateSerdes() {}

  public static Serde<UserState> userState() {
    return Serdes.serdeFrom(
        (topic, state) -> state == null ? null : UserStateCodec.encode(state),
        (topic, bytes) -> bytes == null ? null : UserStateCodec.decode(bytes));
  }
}
