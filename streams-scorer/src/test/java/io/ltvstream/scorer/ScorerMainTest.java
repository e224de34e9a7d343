package io.ltvstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Security;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's DNS cache bound (a restarted broker's new address) yields to the operator's own. */
class ScorerMainTest {
  private static final String LEGACY_TTL = "sun.net.inetaddr.ttl";
  private final String securityBefore = Security.getProperty(ScorerMain.DNS_CACHE_TTL);
  private final String legacyBefore = System.getProperty(LEGACY_TTL);

  @AfterEach
  void restore() {
    Security.setProperty(ScorerMain.DNS_CACHE_TTL, securityBefore == null ? "" : securityBefore);
    if (legacyBefore == null) {
      System.clearProperty(LEGACY_TTL);
    } else {
      System.setProperty(LEGACY_TTL, legacyBefore);
    }
  }

  @Test
  void anOperatorsSettingInJavaSecurityWins() {
    Security.setProperty(ScorerMain.DNS_CACHE_TTL, "60");
    ScorerMain.boundDnsCache();
    assertThat(Security.getProperty(ScorerMain.DNS_CACHE_TTL)).isEqualTo("60");
  }

  @Test
  void anOperatorsSystemPropertyWins() {
    Security.setProperty(ScorerMain.DNS_CACHE_TTL, "");
    System.setProperty(LEGACY_TTL, "60");
    ScorerMain.boundDnsCache();
    assertThat(Security.getProperty(ScorerMain.DNS_CACHE_TTL)).isEmpty();
  }

  @Test
  void withoutEitherTheServiceKeepsAnAnswerFiveSeconds() {
    Security.setProperty(ScorerMain.DNS_CACHE_TTL, "");
    System.clearProperty(LEGACY_TTL);
    ScorerMain.boundDnsCache();
    assertThat(Security.getProperty(ScorerMain.DNS_CACHE_TTL)).isEqualTo("5");
  }
}
