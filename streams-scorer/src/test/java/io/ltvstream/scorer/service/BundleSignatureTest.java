package io.ltvstream.scorer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BundleSignatureTest {
  private final BundleSignature signature =
      new BundleSignature("a-signing-key-of-32-characters!!".getBytes(StandardCharsets.UTF_8));

  @Test
  void acceptsItsOwnSignatureAndNothingElse() {
    byte[] bundle = "bundle bytes".getBytes(StandardCharsets.UTF_8);
    String signed = signature.sign(bundle);

    assertThat(signature.verify(bundle, signed)).isTrue();
    assertThat(signature.verify(bundle, signed.toUpperCase())).isTrue();
    assertThat(signature.verify("bundle bytez".getBytes(StandardCharsets.UTF_8), signed)).isFalse();
    assertThat(signature.verify(bundle, null)).isFalse();
    assertThat(signature.verify(bundle, "not hex")).isFalse();
    assertThat(new BundleSignature("another-key-of-32-characters!!!!".getBytes(StandardCharsets.UTF_8))
        .verify(bundle, signed)).isFalse();
  }

  @Test
  void refusesShortKeys() {
    assertThatThrownBy(() -> new BundleSignature(new byte[8])).hasMessageContaining("16 bytes");
  }
}
