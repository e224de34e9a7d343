package io.ltvstream.core.cleaning;

import io.ltvstream.core.mapping.EventIds;
import io.ltvstream.core.mapping.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces user ids with HMAC-SHA256(key, id) in hex: stable for one key (a user's events still
 * meet in one state), irreversible without it. Thread-safe: each thread gets its own {@link Mac}.
 */
public final class Pseudonymizer {
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] EVENT_ID_DOMAIN = {0, 'e', 'v', 'e', 'n', 't', '-', 'i', 'd', 0};

  private final ThreadLocal<Mac> macs;

  /** @param key the secret; must not be empty */
  public Pseudonymizer(byte[] key) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("the pseudonymization key must not be empty");
    }
    SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("every Java platform has " + ALGORITHM, e);
      }
    });
  }

  public static Pseudonymizer withKey(String key) {
    return new Pseudonymizer(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An event id for a record without one: HMAC-SHA256 under the same key over the record's canonical
   * bytes ({@link EventIds#canonicalBytes}), which should hold the pseudonymized user id, never the raw
   * one. Without the key it cannot be recomputed from a guessed user id. 32 lower-case hex characters.
   */
  public String eventId(SourceRecord pseudonymizedRecord) {
    Mac mac = macs.get();
    // A prefix no user id starts with keeps event ids and user pseudonyms apart under the one key.
    mac.update(EVENT_ID_DOMAIN);
    byte[] digest = mac.doFinal(EventIds.canonicalBytes(pseudonymizedRecord));
    return HexFormat.of().formatHex(digest).substring(0, EventIds.HEX_LENGTH);
  }

  /** 64 lower-case hex characters. */
  public String pseudonymize(String userId) {
    Mac mac = macs.get();
    return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
  }
}
