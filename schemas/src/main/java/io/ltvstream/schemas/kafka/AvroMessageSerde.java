package io.ltvstream.schemas.kafka;

import io.ltvstream.schemas.AvroMessageCodec;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for one record type in single-object encoding. Deserialization failures surface as
 * {@link io.ltvstream.schemas.MessageCodecException} subtypes, which a Kafka Streams
 * deserialization handler routes to the dead-letter topic. A null value (tombstone) stays null.
 */
public final class AvroMessageSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final AvroMessageCodec<T> codec;

  public AvroMessageSerde(AvroMessageCodec<T> codec) {
    this.codec = codec;
  }

  public AvroMessageCodec<T> codec() {
    return codec;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : codec.encode(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return data == null ? null : codec.decode(data);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // configured at construction
  }

  @Override
  public void close() {
    // stateless
  }
}
