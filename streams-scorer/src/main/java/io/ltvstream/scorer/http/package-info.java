/**
 * The scorer's HTTP API on the JDK's HTTP server: score queries through interactive queries with
 * forwarding to the owning instance, readiness and liveness, Prometheus metrics, TLS and bearer
 * tokens with roles.
 */
package io.ltvstream.scorer.http;
