package io.ltvstream.scorer.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The host:port other instances reach this one's HTTP API at (Kafka Streams' {@code
 * application.server}). An instance bound to all interfaces must not advertise {@code localhost}:
 * every peer would then route a query to itself. So the default is the machine's canonical host
 * name when it resolves to a routable address, else its first non-loopback interface address;
 * with neither, the start fails and names the key to set.
 */
public final class AdvertisedAddress {
  static final String KEY = "scorer.http.advertised";

  /** What the machine says about itself; the real one reads the OS, tests may give their own. */
  public interface Network {
    /** The local host as the resolver sees it (name and address). */
    InetAddress localHost() throws UnknownHostException;

    /** The addresses of the interfaces that are up. */
    List<InetAddress> interfaceAddresses() throws SocketException;
  }

  /** The running machine's network. */
  public static final Network SYSTEM = new Network() {
    @Override
    public InetAddress localHost() throws UnknownHostException {
      return InetAddress.getLocalHost();
    }

    @Override
    public List<InetAddress> interfaceAddresses() throws SocketException {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .filter(AdvertisedAddress::isUp)
          .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
          .toList();
    }
  };

  private AdvertisedAddress() {}

  /**
   * @param configured {@value #KEY}, when set (used as is)
   * @param bindHost {@code scorer.http.host}
   * @param port the port the server is bound to
   */
  public static String resolve(Optional<String> configured, String bindHost, int port, Network network) {
    if (configured.isPresent()) {
      return configured.get();
    }
    if (!isWildcard(bindHost)) {
      return endpoint(bindHost, port); // bound to one address: that is where peers find it
    }
    Optional<String> host = canonicalName(network).or(() -> firstRoutableInterface(network));
    return endpoint(host.orElseThrow(() -> new IllegalStateException("scorer.http.host=" + bindHost
        + " binds all interfaces, but this machine's host name resolves to a loopback address and no"
        + " network interface has another one, so other instances could not reach this one: set "
        + KEY + " (or " + ScorerConfig.environmentName(KEY) + ") to the host:port they reach it at")), port);
  }

  private static boolean isWildcard(String host) {
    return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  private static Optional<String> canonicalName(Network network) {
    try {
      InetAddress local = network.localHost();
      return routable(local) ? Optional.of(local.getCanonicalHostName()) : Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.empty(); // the host name does not resolve: fall back to the interfaces
    }
  }

  private static Optional<String> firstRoutableInterface(Network network) {
    try {
      return network.interfaceAddresses().stream()
          .filter(AdvertisedAddress::routable)
          .min(Comparator.comparing((InetAddress a) -> a instanceof Inet4Address ? 0 : 1)) // IPv4 first
          .map(a -> a instanceof Inet6Address ? "[" + a.getHostAddress().replaceAll("%.*$", "") + "]"
              : a.getHostAddress());
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  private static boolean routable(InetAddress address) {
    return !address.isLoopbackAddress() && !address.isAnyLocalAddress() && !address.isLinkLocalAddress();
  }

  private static boolean isUp(NetworkInterface networkInterface) {
    try {
      return networkInterface.isUp() && !networkInterface.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  private static String endpoint(String host, int port) {
    return host + ":" + port;
  }
}
