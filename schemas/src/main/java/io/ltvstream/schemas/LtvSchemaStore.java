package io.ltvstream.schemas;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema a reader may meet, by CRC-64-AVRO fingerprint.
 *
 * <p>{@link #standard()} holds the current version of each project record. Older versions are
 * added with {@link #register(Schema)} (a deployment keeps the schemas it once published), so
 * that their records still decode.
 */
public final class LtvSchemaStore implements SchemaStore {
  private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

  /** A store with the current schema of every project record. */
  public static LtvSchemaStore standard() {
    LtvSchemaStore store = new LtvSchemaStore();
    store.register(UserEvent.getClassSchema());
    store.register(EngineeredEvent.getClassSchema());
    store.register(LtvScore.getClassSchema());
    return store;
  }

  /** Adds a writer schema; returns its fingerprint. */
  public long register(Schema schema) {
    long fingerprint = fingerprint(schema);
    byFingerprint.put(fingerprint, schema);
    return fingerprint;
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }
}
