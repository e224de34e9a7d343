package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.core.testdata.Shops;
import io.ltvstream.model.Baseline;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.KernelLtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.model.ModelInputs;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A feature-spec-2 network is scored on the inputs it was trained on: replaying a user with their
 * profile gives, step for step and at the query, the very vectors training built for the same user
 * at the calibration end (dimensions block included), and the kernel the scorer runs agrees with
 * DL4J on them. Guards the prediction path of issue 18's Gini comparison.
 */
class DimensionsAtPredictionTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate CALIBRATION_END = START.plusDays(299);

  @Test
  void predictionFeedsTheDimensionsTrainingSaw() throws Exception {
    SyntheticShop shop = SyntheticShop.withDimensions(ShopConfig.defaults().withSeed(7).withUsers(120)
        .withDays(360).withStart(START).withDirt(0, 0, 0, 0));
    List<EngineeredEvent> events = Shops.cleanEvents(shop);
    Map<String, UserProfile> profiles = new HashMap<>();
    shop.profiles().forEach(p -> profiles.put(p.getUserId(), p));
    CohortSplit split = CohortSplit.of(events, CALIBRATION_END, START.plusDays(359));
    List<List<EngineeredEvent>> histories = new ArrayList<>();
    List<UserProfile> cohortProfiles = new ArrayList<>();
    for (UserHistory user : split.calibration().users()) {
      histories.add(user.events());
      cohortProfiles.add(profiles.get(user.userId()));
    }
    assertThat(cohortProfiles).doesNotContainNull();
    Instant cutoff = split.calibration().calibrationCutoff();
    FeatureSpec spec = FeatureSpec.build(events.stream().filter(e -> e.getEventTime().isBefore(cutoff)).toList(),
        cohortProfiles, shop.calendar(), "brand");
    LtvTrainer.Settings settings = LtvTrainer.Settings.defaults().toBuilder().units(8).denseUnits(4)
        .maxEpochs(1).patience(1).cutoffStepDays(56).horizonDays(60).build();
    ModelBundle bundle = new LtvTrainer(settings, null).train(histories, profiles, spec, CALIBRATION_END);
    KernelLtvModel kernel = (KernelLtvModel) bundle.newModel(Engine.KERNEL);
    Dl4jLtvModel dl4j = (Dl4jLtvModel) bundle.newModel(Engine.DL4J);
    Dimensions dimensions = kernel.dimensions();
    assertThat(dimensions.width()).isEqualTo(Dimensions.of(spec).width()).isPositive();
    Baseline baseline = Baseline.of(bundle.metadata().baseline());

    List<TrainingExamples.Example> trained = TrainingExamples.latest(histories, cutoff,
        settings.validationDays(), baseline, dimensions, profiles);
    assertThat(trained).hasSameSizeAs(histories);
    long at = cutoff.toEpochMilli();
    int profileFrom = ModelInputs.SIZE + dimensions.from(Dimensions.Group.PROFILE);
    int profileTo = ModelInputs.SIZE + dimensions.to(Dimensions.Group.PROFILE);
    int usersWhoseProfileMoves = 0;
    for (int u = 0; u < histories.size(); u++) {
      List<EngineeredEvent> history = histories.get(u);
      UserProfile profile = profiles.get(history.get(0).getUserId());
      TrainingExamples.Example example = trained.get(u);
      UserState state = new UserState();
      kernel.resetRecurrent(state);
      float[] step = new float[kernel.stepSize()];
      float[] input = new float[ModelInputs.size(dimensions)];
      int t = 0;
      for (EngineeredEvent event : history) {
        if (EventReplay.apply(event, profile, state, EventReplay.DEFAULT_GRACE, dimensions, step).applied()) {
          ModelInputs.event(step, dimensions, input);
          assertThat(input).as("user %d step %d", u, t).containsExactly(example.steps().get(t++));
          kernel.step(step, state);
        }
      }
      assertThat(t).isEqualTo(example.events());
      Baseline.At pnbd = Baseline.atOrNull(baseline, state, at);
      ModelInputs.query(state, at, pnbd, dimensions, profile, input);
      assertThat(input).as("user %d query", u).containsExactly(example.query());
      double profileMass = 0;
      for (int i = profileFrom; i < profileTo; i++) {
        profileMass += input[i];
      }
      assertThat(profileMass).as("user %d's profile one-hots and signup", u).isGreaterThan(2);

      UserState replayed = EventReplay.replay(history, profile, dl4j);
      float[] kernelOut = kernel.rawOutputs(state, at, pnbd, profile, null).clone();
      float[] dl4jOut = dl4j.rawOutputs(replayed, at, pnbd, profile, null);
      for (int i = 0; i < kernelOut.length; i++) {
        assertThat(kernelOut[i]).isCloseTo(dl4jOut[i], within(1e-5f));
      }
      double with = kernel.predict(state, at, profile).expectedValue();
      double without = kernel.predict(state, at, null).expectedValue();
      if (Math.abs(with - without) > 1e-6 * Math.max(1, with)) {
        usersWhoseProfileMoves++;
      }
    }
    assertThat(usersWhoseProfileMoves).as("users whose value the profile changes").isGreaterThan(histories.size() * 9 / 10);
  }
}
