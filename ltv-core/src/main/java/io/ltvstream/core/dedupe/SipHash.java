package io.ltvstream.core.dedupe;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a 64-bit keyed hash. Keyed, so that nobody who does not
 * hold the key can craft event ids that collide and make distinct events look like duplicates.
 * Immutable and thread-safe.
 */
final class SipHash {
  private final long k0;
  private final long k1;

  /** @param key 16 bytes */
  SipHash(byte[] key) {
    if (key.length != 16) {
      throw new IllegalArgumentException("a SipHash key has 16 bytes, not " + key.length);
    }
    this.k0 = littleEndian(key, 0);
    this.k1 = littleEndian(key, 8);
  }

  /** A hash under a fresh random key: for ids that live in one process only. */
  static SipHash withRandomKey() {
    byte[] key = new byte[16];
    new SecureRandom().nextBytes(key);
    return new SipHash(key);
  }

  long hash(String text) {
    return hash(text.getBytes(StandardCharsets.UTF_8));
  }

  long hash(byte[] message) {
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    int length = message.length;
    int whole = length - (length & 7);
    for (int i = 0; i < whole; i += 8) {
      long m = littleEndian(message, i);
      v3 ^= m;
      for (int round = 0; round < 2; round++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    long last = ((long) length) << 56;
    for (int i = whole; i < length; i++) {
      last |= (message[i] & 0xffL) << (8 * (i - whole));
    }
    v3 ^= last;
    for (int round = 0; round < 2; round++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= last;
    v2 ^= 0xff;
    for (int round = 0; round < 4; round++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  private static long littleEndian(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (bytes[offset + i] & 0xffL);
    }
    return value;
  }
}
