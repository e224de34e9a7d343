package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The profiles table joined to the events (TopologyTestDriver, real tiny bundles). */
class UserProfileJoinTest {
  private static final Instant T0 = Instant.parse("2025-02-03T10:00:00Z");
  private static final TopologySettings WITH_PROFILES =
      TopologySettings.defaults().withProfiles(TopologySettings.STANDARD_PROFILES_TOPIC);

  private static EngineeredEvent purchase(String user, int n) {
    return Events.purchase(user, user + n, T0.plusSeconds(n * 5 * 86_400L), 25 + n);
  }

  private static UserProfile profile(String user) {
    return UserProfile.newBuilder().setUserId(user).setAgeBand("25-34").setRegion("uk")
        .setAcquisitionChannel("email").setSignupDate(LocalDate.parse("2025-01-02")).setAttributes(Map.of()).build();
  }

  private static List<Double> values(ScorerDriver scorer, String user) {
    return scorer.readScores().stream().map(TestRecord::value).filter(s -> s.getUserId().equals(user))
        .map(LtvScore::getExpectedValue).toList();
  }

  @Test
  void aProfileThatArrivesAfterAUsersFirstEventsIsUsedFromThenOn() {
    ModelBundle bundle = TinyModel.withDimensions(7);
    try (ScorerDriver scorer = new ScorerDriver(WITH_PROFILES, () -> bundle)) {
      scorer.send(purchase("a", 0));
      scorer.send(purchase("b", 0));
      scorer.profiles.pipeInput("a", profile("a"), T0.plusSeconds(86_400));
      scorer.send(purchase("a", 1));
      scorer.send(purchase("b", 1));

      List<LtvScore> scores = scorer.readScores().stream().map(TestRecord::value).toList();
      assertThat(scores).extracting(LtvScore::getEventId).containsExactly("a0", "b0", "a1", "b1");
      assertThat(scores.get(0).getExpectedValue()).as("before the profile: a and b are alike")
          .isEqualTo(scores.get(1).getExpectedValue());
      assertThat(scores.get(2).getExpectedValue()).as("after it, a's profile dimensions count")
          .isNotEqualTo(scores.get(3).getExpectedValue());
      assertThat(scorer.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void aSpecOneBundleIgnoresProfiles() {
    ModelBundle bundle = TinyModel.bundle(7);
    try (ScorerDriver scorer = new ScorerDriver(WITH_PROFILES, () -> bundle)) {
      scorer.profiles.pipeInput("a", profile("a"), T0);
      scorer.send(purchase("a", 0));
      scorer.send(purchase("b", 0));
      List<LtvScore> scores = scorer.readScores().stream().map(TestRecord::value).toList();
      assertThat(scores.get(0).getExpectedValue()).isEqualTo(scores.get(1).getExpectedValue());
    }
  }

  @Test
  void anUnreadableProfileIsDeadLetteredAndScoringGoesOn() {
    ModelBundle bundle = TinyModel.withDimensions(7);
    try (ScorerDriver scorer = new ScorerDriver(WITH_PROFILES, () -> bundle)) {
      scorer.driver.createInputTopic(TopologySettings.STANDARD_PROFILES_TOPIC, new StringSerializer(),
          new ByteArraySerializer()).pipeInput("a", new byte[] {1, 2, 3}, T0);
      scorer.send(purchase("a", 0));
      assertThat(scorer.readScores()).hasSize(1);
      assertThat(scorer.deadLetters.readRecordsToList()).hasSize(1);
    }
  }

  @Test
  void withoutAProfilesTopicThereIsNoProfileTable() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), TinyModel::bundle)) {
      assertThat(scorer.driver.getAllStateStores()).doesNotContainKey(TopologySettings.USER_PROFILE_STORE)
          .containsKey(TopologySettings.USER_STATE_STORE);
    }
    try (ScorerDriver scorer = new ScorerDriver(WITH_PROFILES, TinyModel::bundle)) {
      assertThat(scorer.driver.getAllStateStores()).containsKey(TopologySettings.USER_PROFILE_STORE);
    }
  }
}
