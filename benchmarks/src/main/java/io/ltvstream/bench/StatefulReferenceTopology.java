package io.ltvstream.bench;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.Segment;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.schemas.kafka.LtvSerdes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Kafka's own cost of what the scorer does, without the model: decode the event with the same Avro
 * single-object codec, read-modify-write one per-user value of the scorer's size in a persistent,
 * changelogged, cached store, and encode an {@link LtvScore}. What the scorer spends beyond this is
 * ours (the model, the state codec, the scoring).
 */
final class StatefulReferenceTopology {
  static final String STORE = "reference-state";
  /** The scorer's user-state value at the default settings, 32 units (docs/scorer.md). */
  static final int STATE_VALUE_BYTES = 951;

  private StatefulReferenceTopology() {}

  static CandidateTopology candidate() {
    return new CandidateTopology("reference", StatefulReferenceTopology::build, Map.of(), null);
  }

  static Topology build(String input, String output) {
    LtvSchemaStore schemas = LtvSchemaStore.standard();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
        Serdes.String(), Serdes.ByteArray()).withCachingEnabled()); // cached, like the scorer's store
    builder.stream(input, Consumed.with(Serdes.String(), LtvSerdes.engineeredEvent(schemas)))
        .process(ReadModifyWrite::new, STORE)
        .to(output, Produced.with(Serdes.String(), LtvSerdes.ltvScore(schemas)));
    return builder.build();
  }

  /** Counts the user's events and sums their amounts in the value, and scores from those. */
  private static final class ReadModifyWrite implements Processor<String, EngineeredEvent, String, LtvScore> {
    private ProcessorContext<String, LtvScore> context;
    private KeyValueStore<String, byte[]> states;

    @Override
    public void init(ProcessorContext<String, LtvScore> context) {
      this.context = context;
      this.states = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, EngineeredEvent> record) {
      EngineeredEvent event = record.value();
      byte[] stored = states.get(record.key());
      // a copy, as the scorer writes a new value: the store's cache holds the array it was given
      byte[] value = stored == null ? new byte[STATE_VALUE_BYTES] : Arrays.copyOf(stored, STATE_VALUE_BYTES);
      ByteBuffer state = ByteBuffer.wrap(value);
      int events = state.getInt(0) + 1;
      double spend = state.getDouble(4) + event.getAmount();
      state.putInt(0, events).putDouble(4, spend).putLong(12, event.getEventTime().toEpochMilli());
      states.put(record.key(), value);
      LtvScore score = LtvScore.newBuilder()
          .setUserId(record.key())
          .setEventId(event.getEventId())
          .setEventTime(event.getEventTime())
          .setScoredAt(Instant.now())
          .setModelVersion("reference")
          .setHorizonDays(365)
          .setExpectedValue(spend)
          .setExpectedTransactions(events)
          .setPActive(1.0)
          .setValueP10(spend)
          .setValueP50(spend)
          .setValueP90(spend)
          .setFrequency(events - 1)
          .setRecencyDays(0.0)
          .setTenureDays(0.0)
          .setMonetaryMean(spend / events)
          .setBaselineValue(spend)
          .setSegment(Segment.ACTIVE)
          .build();
      context.forward(record.withValue(score).withTimestamp(context.currentSystemTimeMs()));
    }
  }
}
