/**
 * {@code LtvAvroMessageWriter}: the record writer that lets NiFi's PublishKafka send each record as
 * one Avro single-object message, the wire format the scorer reads.
 */
package io.ltvstream.nifi.avro;
