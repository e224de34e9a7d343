package io.ltvstream.scorer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which address an instance gives its peers, for machines whose names resolve well or badly. */
class AdvertisedAddressTest {
  private static InetAddress address(String name, int... bytes) throws UnknownHostException {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    return InetAddress.getByAddress(name, raw);
  }

  private static AdvertisedAddress.Network network(InetAddress localHost, InetAddress... interfaces) {
    return new AdvertisedAddress.Network() {
      @Override
      public InetAddress localHost() {
        return localHost;
      }

      @Override
      public List<InetAddress> interfaceAddresses() {
        return List.of(interfaces);
      }
    };
  }

  @Test
  void aConfiguredAddressIsUsedAsIs() throws Exception {
    assertThat(AdvertisedAddress.resolve(Optional.of("scorer-0.scorer.svc:8080"), "0.0.0.0", 8080,
        network(address("vm", 127, 0, 0, 1)))).isEqualTo("scorer-0.scorer.svc:8080");
  }

  @Test
  void anInstanceBoundToOneAddressAdvertisesThatAddress() throws Exception {
    assertThat(AdvertisedAddress.resolve(Optional.empty(), "10.1.2.3", 9000,
        network(address("vm", 127, 0, 0, 1)))).isEqualTo("10.1.2.3:9000");
  }

  @Test
  void boundToAllInterfacesTheCanonicalNameOfARoutableLocalHostIsAdvertised() throws Exception {
    // TEST-NET-1 has no reverse DNS entry, so its canonical name is the address itself
    assertThat(AdvertisedAddress.resolve(Optional.empty(), "0.0.0.0", 8080,
        network(address("scorer-1", 192, 0, 2, 7), address(null, 198, 51, 100, 1))))
        .isEqualTo("192.0.2.7:8080");
  }

  @Test
  void aHostNameOnLoopbackFallsBackToTheFirstNonLoopbackInterfaceIpv4First() throws Exception {
    InetAddress loopback = address("vm", 127, 0, 1, 1);
    InetAddress ipv6 = address(null, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5);
    assertThat(AdvertisedAddress.resolve(Optional.empty(), "0.0.0.0", 8080,
        network(loopback, address(null, 127, 0, 0, 1), ipv6, address(null, 192, 0, 2, 2))))
        .isEqualTo("192.0.2.2:8080");
    assertThat(AdvertisedAddress.resolve(Optional.empty(), "::", 8080, network(loopback, ipv6)))
        .isEqualTo("[2001:db8:0:0:0:0:0:5]:8080");
  }

  @Test
  void withNoRoutableAddressTheStartFailsNamingTheKey() throws Exception {
    InetAddress loopback = address("vm", 127, 0, 0, 1);
    InetAddress linkLocal = address(null, 169, 254, 1, 1);
    assertThatThrownBy(() -> AdvertisedAddress.resolve(Optional.empty(), "0.0.0.0", 8080,
        network(loopback, loopback, linkLocal)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scorer.http.advertised")
        .hasMessageContaining("LTV_SCORER_HTTP_ADVERTISED")
        .hasMessageContaining("loopback");
  }
}
