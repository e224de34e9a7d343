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
  void aTokenInBothSourcesHasTheRolesOfBoth() {
    BearerTokens inline = BearerTokens.parse("reader:shared, reader:inline-only");
    BearerTokens file = BearerTokens.parse("metrics:shared\nadmin:file-only\n");
    BearerTokens combined = BearerTokens.combine(inline, file);
    assertThat(combined.rolesOf("shared")).contains(Set.of(Role.READER, Role.METRICS));
    assertThat(combined.rolesOf("inline-only")).contains(Set.of(Role.READER));
    assertThat(combined.rolesOf("file-only")).contains(Set.of(Role.ADMIN));
    assertThat(BearerTokens.combine(file, inline).rolesOf("shared")).contains(Set.of(Role.READER, Role.METRICS));
  }

  @Test
  void malformedEntriesAndUnknownRolesAreRefusedWithoutEchoingTheToken() {
    assertThatThrownBy(() -> BearerTokens.parse("secret-without-role"))
        .hasMessageContaining("role:token").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> BearerTokens.parse("writer:x")).hasMessageContaining("unknown role 'writer'");
  }
}
