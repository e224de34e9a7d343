package io.ltvstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroMessageCodecTest {
  private final LtvSchemaStore store = LtvSchemaStore.standard();
  private final AvroMessageCodec<UserEvent> userEvents = new AvroMessageCodec<>(UserEvent.class, store);

  static Stream<Arguments> everyRecordType() {
    return Stream.of(
        Arguments.of(UserEvent.class, SampleRecords.userEvent()),
        Arguments.of(EngineeredEvent.class, SampleRecords.engineeredEvent()),
        Arguments.of(LtvScore.class, SampleRecords.ltvScore()));
  }

  @ParameterizedTest
  @MethodSource("everyRecordType")
  <T extends SpecificRecord> void everyRecordRoundTripsUnchanged(Class<T> type, T record) {
    AvroMessageCodec<T> codec = new AvroMessageCodec<>(type, store);
    byte[] message = codec.encode(record);

    assertThat(message[0]).isEqualTo((byte) 0xC3);
    assertThat(message[1]).isEqualTo((byte) 0x01);
    assertThat(codec.decode(message)).isEqualTo(record);
  }

  @Test
  void headerCarriesTheWriterSchemaFingerprintLittleEndian() {
    byte[] message = userEvents.encode(SampleRecords.userEvent());
    long expected = LtvSchemaStore.fingerprint(UserEvent.getClassSchema());
    for (int i = 0; i < 8; i++) {
      assertThat(message[2 + i]).isEqualTo((byte) (expected >>> (8 * i)));
    }
  }

  @Test
  void recordWrittenWithVersionOneIsReadWithTheCurrentSchemaAndDefaultsFilledIn() throws IOException {
    Schema v1 = loadSchema("/avro/UserEvent-v1.avsc");
    store.register(v1);
    GenericRecord old = new GenericData.Record(v1);
    old.put("event_id", "e-old");
    old.put("user_id", "u-1");
    old.put("event_time", 1_000L);
    old.put("event_type", new GenericData.EnumSymbol(v1.getField("event_type").schema(), "VIEW"));
    old.put("amount", 0.0);
    old.put("currency", "USD");
    old.put("quantity", null);
    old.put("product_id", "p-9");
    old.put("category", "music");
    old.put("attributes", java.util.Map.of());

    UserEvent read = userEvents.decode(GenericMessages.encode(old));

    assertThat(read.getEventId()).isEqualTo("e-old");
    assertThat(read.getProductId()).isEqualTo("p-9");
    assertThat(read.getChannel()).isNull();
    assertThat(read.getRegion()).isNull();
    assertThat(read.getAge()).isNull();
  }

  @Test
  void randomBytesAreCorrupt() {
    byte[] noise = new byte[64];
    new Random(7).nextBytes(noise);
    noise[0] = 0x11;
    assertThatThrownBy(() -> userEvents.decode(noise))
        .isInstanceOf(CorruptMessageException.class)
        .hasMessageContaining("marker");
  }

  @Test
  void emptyMessageIsTruncated() {
    assertThatThrownBy(() -> userEvents.decode(new byte[0]))
        .isInstanceOf(TruncatedMessageException.class)
        .hasMessageContaining("0 bytes");
  }

  @Test
  void bodyCutShortIsTruncated() {
    byte[] message = userEvents.encode(SampleRecords.userEvent());
    byte[] cut = Arrays.copyOf(message, message.length - 6);
    assertThatThrownBy(() -> userEvents.decode(cut)).isInstanceOf(TruncatedMessageException.class);
  }

  @Test
  void unknownFingerprintIsReportedWithIt() {
    byte[] message = userEvents.encode(SampleRecords.userEvent());
    message[5] ^= 0x5A;
    assertThatThrownBy(() -> userEvents.decode(message))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("fingerprint");
  }

  @Test
  void anotherRecordsBytesAreTheWrongType() {
    byte[] score = new AvroMessageCodec<>(LtvScore.class, store).encode(SampleRecords.ltvScore());
    assertThatThrownBy(() -> userEvents.decode(score))
        .isInstanceOf(WrongRecordTypeException.class)
        .hasMessageContaining("io.ltvstream.avro.UserEvent")
        .hasMessageContaining("io.ltvstream.avro.LtvScore");
  }

  @Test
  void trailingGarbageAfterTheBodyIsCorrupt() {
    byte[] message = userEvents.encode(SampleRecords.userEvent());
    byte[] longer = Arrays.copyOf(message, message.length + 3);
    assertThatThrownBy(() -> userEvents.decode(longer)).isInstanceOf(CorruptMessageException.class);
  }

  @Test
  void everyFailureNamesAReasonForTheDeadLetterHeaders() {
    assertThat(Stream.of(
            new CorruptMessageException("x", null), new TruncatedMessageException("x", null),
            new UnknownSchemaException(1L), new WrongRecordTypeException("a", "b"))
        .map(MessageCodecException::reason))
        .containsExactly("corrupt", "truncated", "unknown-schema", "wrong-record-type");
  }

  private static Schema loadSchema(String resource) throws IOException {
    try (InputStream in = AvroMessageCodecTest.class.getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    }
  }
}
