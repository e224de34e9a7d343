package io.ltvstream.core.cleaning;

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

  /** 64 lower-case hex characters. */
  public String pseudonymize(String userId) {
    Mac mac = macs.get();
    return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
  }
}
