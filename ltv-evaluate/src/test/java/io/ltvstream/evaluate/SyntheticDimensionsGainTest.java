package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.Metrics;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.features.FeatureSpec;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.core.testdata.Shops;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.Baseline;
import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.model.SteppedLtvModel;
import io.ltvstream.model.ValueHead;
import io.ltvstream.train.LtvTrainer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The evidence of issue 18: on a synthetic shop whose acquisition channel, age, brand and calendar
 * each have a known effect on purchase rate, retention or spend ({@link SyntheticShop#withDimensions}),
 * the network trained with feature spec 2 (profiles, brand vocabulary, the shop's calendar) ranks
 * the holdout's spend better (normalized Gini of the served value) than the same network trained
 * on the history alone, with the same users, split, settings and seed.
 *
 * <p>The shop keeps acquiring customers over 70% of its 420 days, so at the calibration end (day
 * 300) many have one purchase or two: the users whose history says little, where a profile helps.
 * The budget would fit CI (one shop, 1600 users, about two minutes on two cores): 4 epochs of batches
 * of 32 and no refit (the refit would double the training; both arms go without it). {@code
 * -Dltv.gain.seeds=18,19,20} runs several shops, {@code -Dltv.gain.users} changes their size; the
 * figures it prints are the ones docs/model.md reports, with the network's part alone beside the
 * served value (printed, not asserted: it does not gain).
 */
class SyntheticDimensionsGainTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate CALIBRATION_END = START.plusDays(299);
  private static final LocalDate HOLDOUT_END = START.plusDays(419);

  @Test
  @Disabled("issue 18's gain is not shown reliably: at these settings the served holdout spend Gini gains on"
      + " seeds 18, 19, 20 (+0.0033, +0.0008, +0.0003 at 1600 users) but the network alone loses on all three"
      + " (-0.0022, -0.0044, -0.0051), and neighbouring settings flip the sign (6 epochs: +0.0020, +0.0001,"
      + " -0.0005; the refit at 800 users: +0.0007, +0.0043, -0.0008): within the noise; docs/model.md")
  void theNetworkRanksHoldoutSpendBetterWithTheDimensions() {
    Map<Long, Double> gains = new LinkedHashMap<>();
    for (String seed : System.getProperty("ltv.gain.seeds", "18").split(",")) {
      gains.put(Long.parseLong(seed.trim()), gain(Long.parseLong(seed.trim()), Integer.getInteger("ltv.gain.users", 1600)));
    }
    assertThat(gains).allSatisfy((seed, gain) -> assertThat(gain).as("seed %d's gain", seed).isPositive());
  }

  /** The holdout spend Gini with the dimensions less the one without, on the shop of {@code seed}. */
  private static double gain(long seed, int users) {
    SyntheticShop shop = SyntheticShop.withDimensions(ShopConfig.defaults().withSeed(seed).withUsers(users)
        .withDays(420).withStart(START).withDirt(0, 0, 0, 0).withAcquisitionShare(0.7));
    List<EngineeredEvent> events = Shops.cleanEvents(shop);
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
        .maxEpochs(4).patience(2).batchSize(32).refit(false).cutoffStepDays(28).horizonDays(horizon)
        .maxTrainingUsers(users).build();

    ModelBundle historyOnly = new LtvTrainer(settings, null).train(histories, CALIBRATION_END);
    FeatureSpec spec = FeatureSpec.build(events.stream().filter(e -> !e.getEventTime().isAfter(
        split.calibration().calibrationCutoff())).toList(), cohortProfiles, shop.calendar(), "brand");
    ModelBundle withDimensions = new LtvTrainer(settings, null).train(histories, profiles, spec, CALIBRATION_END);

    double[] actual = split.actuals().spend();
    double without = Metrics.normalizedGini(spend(historyOnly, split, null, horizon), actual);
    double with = Metrics.normalizedGini(spend(withDimensions, split, profiles, horizon), actual);
    double withoutAlone = Metrics.normalizedGini(networkSpend(historyOnly, split, null, horizon), actual);
    double withAlone = Metrics.normalizedGini(networkSpend(withDimensions, split, profiles, horizon), actual);
    System.out.printf(Locale.ROOT, "synthetic shop seed %d (%d cohort users): holdout spend Gini %.4f history only,"
        + " %.4f with dimensions, gain %+.4f (network alone %.4f, %.4f)%n", seed, histories.size(), without, with,
        with - without, withoutAlone, withAlone);
    assertThat(spec.product().values()).containsExactlyInAnyOrder("acme", "zenith", "basic");
    return with - without;
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

  /** The network's part of the served value alone (no Pareto/NBD share): the figure the dimensions move. */
  private static double[] networkSpend(ModelBundle bundle, CohortSplit split, Map<String, UserProfile> profiles,
      int horizon) {
    SteppedLtvModel model = (SteppedLtvModel) bundle.newModel(Engine.KERNEL);
    BundleMetadata m = bundle.metadata();
    Map<String, Double> params = new HashMap<>(m.baseline());
    params.remove(Baseline.BLEND_WEIGHT);
    ValueHead networkAlone = new ValueHead(new BundleMetadata(m.format(), m.version(), m.createdAt(),
        m.featureSpecVersion(), m.stepSpecVersion(), m.stepNames(), m.units(), m.horizonDays(), m.seed(),
        m.normalizationMean(), m.normalizationScale(), m.transactionScale(), m.spendScale(),
        m.referenceHorizonDays(), params, m.training(), m.weightsSha256(), m.networkSha256(), m.featureSpec()));
    Baseline baseline = Baseline.of(m.baseline());
    long at = split.calibration().calibrationCutoff().toEpochMilli();
    List<UserHistory> users = split.calibration().users();
    double[] spend = new double[users.size()];
    for (int i = 0; i < spend.length; i++) {
      UserProfile profile = profiles == null ? null : profiles.get(users.get(i).userId());
      UserState state = EventReplay.replay(users.get(i).events(), profile, model);
      Baseline.At pnbd = Baseline.atOrNull(baseline, state, at);
      spend[i] = networkAlone.predict(model.rawOutputs(state, at, pnbd, profile, null), pnbd, horizon).expectedValue();
    }
    return spend;
  }
}
