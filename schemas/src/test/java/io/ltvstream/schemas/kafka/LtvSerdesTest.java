package io.ltvstream.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.Segment;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.schemas.MessageCodecException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LtvSerdesTest {
  private final LtvSchemaStore store = LtvSchemaStore.standard();
  private final Instant time = Instant.ofEpochMilli(1_700_000_000_000L);

  @Test
  void userEventRoundTripsThroughTheSerde() {
    UserEvent event = UserEvent.newBuilder().setEventId("e").setUserId("u").setEventTime(time)
        .setEventType(EventType.VIEW).setAttributes(Map.of()).build();
    AvroMessageSerde<UserEvent> serde = LtvSerdes.userEvent(store);
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", event)))
        .isEqualTo(event);
  }

  @Test
  void engineeredEventRoundTripsThroughTheSerde() {
    EngineeredEvent event = EngineeredEvent.newBuilder().setEventId("e").setUserId("u")
        .setEventTime(time).setEventType(EventType.PURCHASE).setAmount(3.0).setAmountBase(3.0)
        .setAttributes(Map.of()).build();
    AvroMessageSerde<EngineeredEvent> serde = LtvSerdes.engineeredEvent(store);
    assertThat(serde.deserialize("t", serde.serialize("t", event))).isEqualTo(event);
  }

  @Test
  void ltvScoreRoundTripsThroughTheSerde() {
    LtvScore score = LtvScore.newBuilder().setUserId("u").setEventTime(time).setScoredAt(time)
        .setModelVersion("m1").setHorizonDays(90).setExpectedValue(1).setExpectedTransactions(1)
        .setPActive(0.5).setValueP10(0).setValueP50(1).setValueP90(2).setFrequency(0)
        .setRecencyDays(0).setTenureDays(0).setMonetaryMean(0).setSegment(Segment.NEW).build();
    AvroMessageSerde<LtvScore> serde = LtvSerdes.ltvScore(store);
    assertThat(serde.deserialize("t", serde.serialize("t", score))).isEqualTo(score);
  }

  @Test
  void tombstoneStaysNull() {
    AvroMessageSerde<LtvScore> serde = LtvSerdes.ltvScore(store);
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void poisonBytesRaiseTheCodecsTypedException() {
    assertThatThrownBy(() -> LtvSerdes.userEvent(store).deserialize("t", new byte[] {1, 2, 3}))
        .isInstanceOf(MessageCodecException.class);
  }
}
