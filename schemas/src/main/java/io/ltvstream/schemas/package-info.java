/**
 * The wire contract of ltv-stream: Avro records in single-object encoding.
 *
 * <p>{@link io.ltvstream.schemas.AvroMessageCodec} writes and reads one record per message
 * (2-byte marker, 8-byte CRC-64-AVRO fingerprint of the writer schema, binary body). A
 * {@link io.ltvstream.schemas.LtvSchemaStore} resolves the fingerprint of any schema version the
 * project has published, so that readers decode records written with older versions. Every way a
 * message can be unreadable has its own {@link io.ltvstream.schemas.MessageCodecException}
 * subtype. {@link io.ltvstream.schemas.kafka.LtvSerdes} adapts the codec to Kafka.
 */
package io.ltvstream.schemas;
