package io.ltvstream.schemas;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type in Avro single-object encoding: {@code C3 01}, the 8-byte
 * little-endian CRC-64-AVRO fingerprint of the writer schema, then the binary body.
 *
 * <p>Decoding resolves the writer schema through a {@link LtvSchemaStore}, so records written with
 * an older compatible schema are read with the current one (added fields take their defaults).
 * Thread-safe.
 */
public final class AvroMessageCodec<T extends SpecificRecord> {
  static final int HEADER_LENGTH = 10;
  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;

  private final Class<T> type;
  private final Schema readerSchema;
  private final byte[] header;
  private final SpecificDatumWriter<T> writer;
  private final LtvSchemaStore store;
  private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

  public AvroMessageCodec(Class<T> type, LtvSchemaStore store) {
    this.type = type;
    this.readerSchema = SpecificData.get().getSchema(type);
    this.store = store;
    this.writer = new SpecificDatumWriter<>(readerSchema);
    this.header = header(LtvSchemaStore.fingerprint(readerSchema));
    store.register(readerSchema);
  }

  /** A codec for {@code type} over the {@link LtvSchemaStore#standard() standard} store. */
  public static <T extends SpecificRecord> AvroMessageCodec<T> of(Class<T> type) {
    return new AvroMessageCodec<>(type, LtvSchemaStore.standard());
  }

  public Schema schema() {
    return readerSchema;
  }

  public byte[] encode(T record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.writeBytes(header);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes one message.
   *
   * @throws TruncatedMessageException if the message is empty or ends early
   * @throws CorruptMessageException if the marker is wrong or the body does not decode
   * @throws UnknownSchemaException if the writer schema is not in the store
   * @throws WrongRecordTypeException if the message holds another record type
   */
  public T decode(byte[] message) {
    if (message == null || message.length < HEADER_LENGTH) {
      int length = message == null ? 0 : message.length;
      throw new TruncatedMessageException(
          "message of " + length + " bytes is shorter than the " + HEADER_LENGTH
              + "-byte single-object header", null);
    }
    if (message[0] != MARKER_0 || message[1] != MARKER_1) {
      throw new CorruptMessageException(String.format(
          "not an Avro single-object message: marker is %02x %02x, expected c3 01",
          message[0], message[1]), null);
    }
    long fingerprint = fingerprintOf(message);
    DatumReader<T> reader = readers.computeIfAbsent(fingerprint, this::readerFor);
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH, null);
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (EOFException e) {
      throw new TruncatedMessageException(
          "message of " + message.length + " bytes ends inside its " + type.getSimpleName() + " body", e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
        | ClassCastException | IllegalArgumentException e) {
      throw new CorruptMessageException(
          "body of a " + type.getSimpleName() + " message does not decode: " + e.getMessage(), e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new CorruptMessageException(
            "trailing bytes after the " + type.getSimpleName() + " body", null);
      }
    } catch (IOException e) {
      throw new CorruptMessageException("unreadable message end", e);
    }
    return record;
  }

  private DatumReader<T> readerFor(long fingerprint) {
    Schema writerSchema = store.findByFingerprint(fingerprint);
    if (writerSchema == null) {
      throw new UnknownSchemaException(fingerprint);
    }
    if (!writerSchema.getFullName().equals(readerSchema.getFullName())) {
      throw new WrongRecordTypeException(readerSchema.getFullName(), writerSchema.getFullName());
    }
    return new SpecificDatumReader<>(writerSchema, readerSchema);
  }

  private static long fingerprintOf(byte[] message) {
    long fingerprint = 0;
    for (int i = 9; i >= 2; i--) {
      fingerprint = (fingerprint << 8) | (message[i] & 0xFF);
    }
    return fingerprint;
  }

  private static byte[] header(long fingerprint) {
    byte[] bytes = new byte[HEADER_LENGTH];
    bytes[0] = MARKER_0;
    bytes[1] = MARKER_1;
    for (int i = 0; i < 8; i++) {
      bytes[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
    return bytes;
  }
}
