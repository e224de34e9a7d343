/** Kafka {@code Serde}s over the {@link io.ltvstream.schemas.AvroMessageCodec}. */
package io.ltvstream.schemas.kafka;
