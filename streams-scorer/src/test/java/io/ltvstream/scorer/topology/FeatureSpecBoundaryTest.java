package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Across the feature-spec boundary: a spec-1 bundle scores spec-2 events, a spec-2 bundle reads
 * events written under spec 1 (the released writer schema) with neutral product dimensions, and
 * rebuilds users whose state a spec-1 bundle built.
 */
class FeatureSpecBoundaryTest {
  private static final Instant T0 = Instant.parse("2025-02-03T10:00:00Z");
  private static ModelBundle specOne;
  private static ModelBundle specTwo;

  @BeforeAll
  static void train() {
    specOne = TinyModel.bundle(7);
    specTwo = TinyModel.withDimensions(7);
  }

  private static EngineeredEvent purchase(String user, String id, int day, double amount, int tier) {
    EngineeredEvent e = Events.purchase(user, id, T0.plusSeconds(day * 86_400L), amount);
    e.setPriceTier(tier);
    e.setAttributes(Map.of("brand", "acme"));
    return e;
  }

  @Test
  void bundlesDeclareTheirSpec() {
    assertThat(specOne.metadata().featureSpecVersion()).isEqualTo(1);
    assertThat(specOne.metadata().featureSpec()).isNull();
    assertThat(specTwo.metadata().featureSpecVersion()).isEqualTo(2);
    assertThat(specTwo.metadata().featureSpec().calendar()).isNotEmpty();
    assertThat(specTwo.metadata().stepNames()).hasSizeGreaterThan(specOne.metadata().stepNames().size());
  }

  @Test
  void aSpecOneBundleScoresSpecTwoEventsAsIfTheyHadNoDimensions() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> specOne)) {
      scorer.send(purchase("a", "a1", 0, 120, 4));
      EngineeredEvent plain = Events.purchase("b", "b1", T0, 120);
      plain.setFeatureSpecVersion(1);
      scorer.send(plain);
      List<LtvScore> scores = scorer.readScores().stream().map(TestRecord::value).toList();
      assertThat(scores).hasSize(2);
      assertThat(scores.get(0).getExpectedValue()).isEqualTo(scores.get(1).getExpectedValue());
      assertThat(scorer.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void aSpecTwoBundleReadsEventsWrittenUnderSpecOneWithNeutralProductDimensions() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> specTwo)) {
      TestInputTopic<String, byte[]> raw = scorer.driver.createInputTopic(scorer.settings.eventsTopic(),
          new StringSerializer(), new ByteArraySerializer());
      EngineeredEvent old = purchase("old", "o1", 0, 120, 0);
      old.setAttributes(Map.of());
      raw.pipeInput("old", releaseOneBytes(old), old.getEventTime());
      EngineeredEvent neutral = purchase("neutral", "n1", 0, 120, 0);
      neutral.setAttributes(Map.of());
      scorer.send(neutral);
      scorer.send(purchase("priced", "p1", 0, 120, io.ltvstream.core.features.EventFeatures.priceTier(120, 1)));

      List<LtvScore> scores = scorer.readScores().stream().map(TestRecord::value).toList();
      assertThat(scores).extracting(LtvScore::getUserId).containsExactly("old", "neutral", "priced");
      assertThat(scores.get(0).getModelVersion()).isEqualTo(specTwo.version());
      assertThat(scores.get(0).getExpectedValue()).as("a spec-1 event has no price tier: neutral")
          .isEqualTo(scores.get(1).getExpectedValue());
      assertThat(scores.get(2).getExpectedValue()).as("the spec-2 bundle reads the price tier")
          .isNotEqualTo(scores.get(1).getExpectedValue());
      assertThat(scorer.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void aSpecTwoBundleRebuildsUsersWhoseStateASpecOneBundleBuilt() {
    AtomicReference<ModelBundle> inService = new AtomicReference<>(specOne);
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), inService::get)) {
      for (int d = 0; d < 3; d++) {
        scorer.send(purchase("a", "a" + d, d * 7, 30 + d, 2));
      }
      assertThat(scorer.userStates().get("a").modelVersion()).isEqualTo(specOne.version());
      inService.set(specTwo);
      scorer.send(purchase("a", "a3", 28, 40, 2));

      List<LtvScore> scores = scorer.readScores().stream().map(TestRecord::value).toList();
      assertThat(scores).hasSize(4);
      assertThat(scores.get(3).getModelVersion()).isEqualTo(specTwo.version());
      assertThat(scores.get(3).getExpectedValue()).isFinite().isPositive();
      assertThat(scorer.metrics.usersRebuilt()).isEqualTo(1);
      assertThat(scorer.userStates().get("a").modelVersion()).isEqualTo(specTwo.version());
      assertThat(scorer.userStates().get("a").replaySteps().size()).isEqualTo(4);
      assertThat(scorer.deadLetters.isEmpty()).isTrue();
    }
  }

  /** The event as a producer of the first release writes it: its writer schema, no price tier. */
  private static byte[] releaseOneBytes(EngineeredEvent event) {
    Schema old = LtvSchemaStore.releasedSchemas().stream()
        .filter(s -> s.getName().equals("EngineeredEvent")).findFirst().orElseThrow();
    assertThat(old.getField("price_tier")).isNull();
    GenericRecord record = new GenericData.Record(old);
    for (Schema.Field field : old.getFields()) {
      Object value = event.get(field.name());
      if (value instanceof Instant instant) {
        value = instant.toEpochMilli();
      } else if (value instanceof Enum<?> symbol) {
        value = new GenericData.EnumSymbol(field.schema(), symbol.name());
      }
      record.put(field.name(), value);
    }
    record.put("feature_spec_version", 1);
    try {
      return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(record).array();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
