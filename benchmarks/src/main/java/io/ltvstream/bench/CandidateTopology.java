package io.ltvstream.bench;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.Topology;

/**
 * A topology under measurement.
 *
 * @param name short name; also the application id prefix
 * @param build builds the topology from (input topic, output topic)
 * @param settings its own Streams settings
 * @param eventIdOfOutput the event id an output value answers (for latency), or null if unknown
 */
record CandidateTopology(String name, BiFunction<String, String, Topology> build, Map<String, Object> settings,
                         Function<byte[], String> eventIdOfOutput) {}
