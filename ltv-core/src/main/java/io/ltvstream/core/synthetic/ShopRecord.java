package io.ltvstream.core.synthetic;

import io.ltvstream.avro.UserEvent;

/**
 * One raw record of the synthetic shop.
 *
 * @param kind what the record is
 * @param line the raw JSON line (no line terminator), as a source system would send it
 * @param event the event the line encodes, for {@link RecordKind#CLEAN} and
 *     {@link RecordKind#DUPLICATE}; null for dirty records
 */
public record ShopRecord(RecordKind kind, String line, UserEvent event) {}
