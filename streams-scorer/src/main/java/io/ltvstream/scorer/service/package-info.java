/**
 * The scorer as a service: configuration (a properties file with environment overrides, Kafka
 * settings passed through), model management (bundle at start, hot swaps from a watched directory
 * or a compacted topic, checksum and optional HMAC verification), and the lifecycle that ties the
 * Kafka Streams app, the HTTP API and the model watchers together.
 */
package io.ltvstream.scorer.service;
