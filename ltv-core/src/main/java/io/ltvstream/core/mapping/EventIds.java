package io.ltvstream.core.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Event ids for sources that have none: a SHA-256 of the whole source record, so that the same row
 * seen twice (a replayed file, a retried HTTP post) gets the same id and is caught as a duplicate.
 * Field order does not matter; field names and values both do. A null field counts as absent, since
 * readers that infer a schema over many records add null fields that the source row never had.
 */
public final class EventIds {
  /** Hex characters kept from the digest: 128 bits, far beyond any collision risk here. */
  static final int HEX_LENGTH = 32;

  private EventIds() {}

  public static String stableHash(SourceRecord record) {
    List<String> names = new ArrayList<>(record.fieldNames());
    names.sort(null);
    MessageDigest digest = sha256();
    for (String name : names) {
      String value = record.get(name);
      if (value != null) {
        update(digest, name);
        update(digest, value);
      }
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, HEX_LENGTH);
  }

  /** Length-prefixed, so that ("ab","c") and ("a","bc") differ. */
  private static void update(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int n = bytes.length;
    digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
