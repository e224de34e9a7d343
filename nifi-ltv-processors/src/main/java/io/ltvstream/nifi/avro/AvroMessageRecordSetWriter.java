package io.ltvstream.nifi.avro;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Function;
import org.apache.nifi.serialization.AbstractRecordSetWriter;
import org.apache.nifi.serialization.record.Record;

/**
 * Writes each record as one single-object message. PublishKafka gives every record its own writer
 * and stream, so one message is one Kafka record value; several records in one stream are simply
 * concatenated messages.
 */
final class AvroMessageRecordSetWriter extends AbstractRecordSetWriter {
  private final Function<Record, byte[]> encoder;

  AvroMessageRecordSetWriter(OutputStream out, Function<Record, byte[]> encoder) {
    super(out);
    this.encoder = encoder;
  }

  @Override
  protected Map<String, String> writeRecord(Record record) throws IOException {
    byte[] message;
    try {
      message = encoder.apply(record);
    } catch (IllegalArgumentException e) {
      throw new IOException("record cannot be written as an ltv-stream Avro message: " + e.getMessage(), e);
    }
    getOutputStream().write(message);
    return Map.of();
  }

  @Override
  public String getMimeType() {
    return LtvAvroMessageWriter.MIME_TYPE;
  }
}
