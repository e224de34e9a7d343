package io.ltvstream.schemas.kafka;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.schemas.LtvSchemaStore;

/** Serdes for the project's records, over one shared schema store. */
public final class LtvSerdes {
  private LtvSerdes() {}

  public static AvroMessageSerde<UserEvent> userEvent(LtvSchemaStore store) {
    return new AvroMessageSerde<>(new AvroMessageCodec<>(UserEvent.class, store));
  }

  public static AvroMessageSerde<EngineeredEvent> engineeredEvent(LtvSchemaStore store) {
    return new AvroMessageSerde<>(new AvroMessageCodec<>(EngineeredEvent.class, store));
  }

  public static AvroMessageSerde<LtvScore> ltvScore(LtvSchemaStore store) {
    return new AvroMessageSerde<>(new AvroMessageCodec<>(LtvScore.class, store));
  }

  public static AvroMessageSerde<UserProfile> userProfile(LtvSchemaStore store) {
    return new AvroMessageSerde<>(new AvroMessageCodec<>(UserProfile.class, store));
  }
}
