package io.ltvstream.schemas;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.avro.UserProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema a reader may meet, by CRC-64-AVRO fingerprint.
 *
 * <p>{@link #standard()} holds the current version of each project record and every released
 * version listed in {@value #HISTORY_INDEX} (the jar's own history: when a release changes a
 * record, the previous release's {@code .avsc} is added there), so that producers still on the
 * previous release are read by schema resolution rather than dead-lettered. A deployment adds
 * further writer schemas with {@link #registerDirectory(Path)} or {@link #register(Schema)}.
 */
public final class LtvSchemaStore implements SchemaStore {
  static final String HISTORY_INDEX = "/io/ltvstream/schemas/history/index";
  private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

  /** A store with the current and every released schema of every project record. */
  public static LtvSchemaStore standard() {
    LtvSchemaStore store = new LtvSchemaStore();
    store.register(UserEvent.getClassSchema());
    store.register(EngineeredEvent.getClassSchema());
    store.register(LtvScore.getClassSchema());
    store.register(UserProfile.getClassSchema());
    releasedSchemas().forEach(store::register);
    return store;
  }

  /** The released writer schemas the jar ships, in the order of {@value #HISTORY_INDEX}. */
  public static List<Schema> releasedSchemas() {
    return resource(HISTORY_INDEX).lines().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> parse(resource(HISTORY_INDEX.substring(0, HISTORY_INDEX.lastIndexOf('/') + 1) + line), line))
        .toList();
  }

  /** Adds a writer schema; returns its fingerprint. */
  public long register(Schema schema) {
    long fingerprint = fingerprint(schema);
    byFingerprint.put(fingerprint, schema);
    return fingerprint;
  }

  /**
   * Adds every {@code *.avsc} of {@code directory}: each one self-contained (named types defined
   * inline, as {@code Schema.toString()} writes them).
   *
   * @return this store
   * @throws IllegalArgumentException naming the file that is not a schema
   */
  public LtvSchemaStore registerDirectory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("writer schema directory " + directory + " is not a directory");
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".avsc")).sorted().toList()) {
        register(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
      }
    }
    return this;
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static Schema parse(String json, String origin) {
    try {
      return new Schema.Parser().parse(json);
    } catch (SchemaParseException e) {
      throw new IllegalArgumentException("writer schema " + origin + " is not a self-contained Avro schema: "
          + e.getMessage(), e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = LtvSchemaStore.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the schemas jar lacks " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
