package io.ltvstream.scorer.service;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a model bundle's bytes, hex encoded. When the operator configures a signing key,
 * a bundle without a matching signature is refused: a bundle is code-like (it decides every score),
 * so an unsigned one from a shared directory or topic must not go into service.
 */
public final class BundleSignature {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public BundleSignature(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the model signing key must have at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  public String sign(byte[] bundle) {
    return HexFormat.of().formatHex(mac(bundle));
  }

  /** True when {@code signatureHex} is this key's HMAC of {@code bundle}; constant time. */
  public boolean verify(byte[] bundle, String signatureHex) {
    if (signatureHex == null) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signatureHex.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(bundle), given);
  }

  private byte[] mac(byte[] bundle) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(bundle);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK always has " + ALGORITHM, e);
    }
  }
}
