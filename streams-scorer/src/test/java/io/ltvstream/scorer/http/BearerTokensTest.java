package io.ltvstream.scorer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BearerTokensTest {
  @Test
  void aTokenHasEveryRoleItIsListedUnder() {
    BearerTokens tokens = BearerTokens.parse("""
        # who may read what
        reader:alpha
        metrics:beta, reader:beta
        admin:gamma
        """);
    assertThat(tokens.rolesOf("alpha")).contains(Set.of(Role.READER));
    assertThat(tokens.rolesOf("beta")).contains(Set.of(Role.READER, Role.METRICS));
    assertThat(tokens.rolesOf("gamma")).contains(Set.of(Role.ADMIN));
    assertThat(tokens.rolesOf("delta")).isEmpty();
    assertThat(tokens.rolesOf("")).isEmpty();
  }

  @Test
  void malformedEntriesAndUnknownRolesAreRefusedWithoutEchoingTheToken() {
    assertThatThrownBy(() -> BearerTokens.parse("secret-without-role"))
        .hasMessageContaining("role:token").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> BearerTokens.parse("writer:x")).hasMessageContaining("unknown role 'writer'");
  }
}
