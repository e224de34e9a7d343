package io.ltvstream.scorer.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How the HTTP server listens and whom it lets in.
 *
 * @param bind address and port to listen on (port 0 picks a free one)
 * @param tls the server's TLS context, or null for plain HTTP
 * @param tokens accepted bearer tokens; with none, every protected request is refused
 * @param forward how a query for a user owned by another instance is answered
 * @param peerTls the TLS context used to call other instances when forwarding, or null for http
 * @param peerTimeout how long a forwarded request may take
 * @param maxInFlight user queries answered at once (including the ones waiting for their owner);
 *     beyond it a query gets 503 with Retry-After
 */
public record HttpSettings(InetSocketAddress bind, SSLContext tls, BearerTokens tokens,
    Forwarding forward, SSLContext peerTls, Duration peerTimeout, int maxInFlight) {
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  public HttpSettings {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("scorer.http.max.in.flight must be at least 1, got " + maxInFlight);
    }
  }

  /** Answer for a user that another instance owns. */
  public enum Forwarding {
    /** Fetch the score from the owner and return it (the client needs to reach one instance). */
    PROXY,
    /** Answer 307 with the owner's URL. */
    REDIRECT
  }
}
