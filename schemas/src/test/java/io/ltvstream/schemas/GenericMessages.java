package io.ltvstream.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/** Writes messages with Avro's own single-object encoder, as an independent writer. */
final class GenericMessages {
  private GenericMessages() {}

  static byte[] encode(GenericRecord record) {
    try {
      return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema())
          .encode(record).array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
