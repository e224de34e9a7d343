package io.ltvstream.core.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipHashTest {
  /** The reference vectors of the SipHash paper (appendix A) and its vectors.h, key 00 01 .. 0f. */
  @Test
  void matchesTheReferenceVectors() {
    byte[] key = new byte[16];
    for (int i = 0; i < 16; i++) {
      key[i] = (byte) i;
    }
    SipHash sip = new SipHash(key);
    byte[] fifteen = new byte[15];
    for (int i = 0; i < fifteen.length; i++) {
      fifteen[i] = (byte) i;
    }
    assertThat(sip.hash(fifteen)).isEqualTo(0xa129ca6149be45e5L);
    assertThat(sip.hash(new byte[0])).isEqualTo(0x726fdb47dd0e0e31L);
  }
}
