package io.ltvstream.core.mapping;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event ids for sources that have none, derived from the whole source record, so that the same row
 * seen twice (a replayed file, a retried HTTP post) gets the same id and is caught as a duplicate.
 * Field order does not matter; field names and values both do. A null field counts as absent, since
 * readers that infer a schema over many records add null fields that the source row never had. The
 * unkeyed {@link #stableHash} is for records without pseudonymization only: with it, the cleaner
 * derives a keyed id instead ({@code Pseudonymizer.eventId}), which no one can recompute from a guessed
 * user id.
 */
public final class EventIds {
  /** Hex characters kept from the digest: 128 bits, far beyond any collision risk here. */
  public static final int HEX_LENGTH = 32;

  private EventIds() {}

  /** SHA-256 of the {@link #canonicalBytes canonical bytes}, 32 hex characters. */
  public static String stableHash(SourceRecord record) {
    return HexFormat.of().formatHex(sha256().digest(canonicalBytes(record))).substring(0, HEX_LENGTH);
  }

  /**
   * The non-null fields sorted by name, each name and value length-prefixed, so that ("ab","c") and
   * ("a","bc") differ.
   */
  public static byte[] canonicalBytes(SourceRecord record) {
    List<String> names = new ArrayList<>(record.fieldNames());
    names.sort(null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : names) {
      String value = record.get(name);
      if (value != null) {
        write(out, name);
        write(out, value);
      }
    }
    return out.toByteArray();
  }

  /** The record with {@code userIdField} holding {@code userId} (its pseudonym) instead. */
  public static SourceRecord withUserId(SourceRecord record, String userIdField, String userId) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : record.fieldNames()) {
      values.put(name, name.equals(userIdField) ? userId : record.get(name));
    }
    return new MapSourceRecord(values);
  }

  private static void write(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int n = bytes.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.writeBytes(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
