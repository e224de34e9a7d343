package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.core.features.DimensionSources;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.core.testdata.Shops;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.train.LtvTrainer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network of {@code ./ltv evaluate} on feature spec 2: trained in the run from the
 * calibration set alone (a brand only the holdout sells is not in its vocabulary), and scored
 * with the users' profiles. A tiny network on a small shop with dimensions (seconds).
 */
class LstmPredictorDimensionsTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate CALIBRATION_END = START.plusDays(179);
  private static final LocalDate HOLDOUT_END = START.plusDays(239);
  private static SyntheticShop shop;
  private static CohortSplit split;
  private static Map<String, UserProfile> profiles;
  private static LstmPredictor predictor;
  private static Prediction prediction;

  @BeforeAll
  static void trainOnce() {
    shop = SyntheticShop.withDimensions(ShopConfig.defaults().withSeed(5).withUsers(150).withDays(240)
        .withStart(START).withDirt(0, 0, 0, 0));
    List<EngineeredEvent> events = Shops.cleanEvents(shop);
    // a brand sold only in the holdout, often enough to enter a vocabulary that could see it
    EngineeredEvent template = events.stream().filter(EngineeredEvent::getIsPurchase).findFirst().orElseThrow();
    for (int i = 0; i < 20; i++) {
      EngineeredEvent late = EngineeredEvent.newBuilder(template).setEventId("late-" + i)
          .setEventTime(Instant.parse("2024-08-01T12:00:00Z").plusSeconds(i))
          .setAttributes(Map.of("brand", "holdout-only")).build();
      events.add(late);
    }
    events.sort(java.util.Comparator.comparing(EngineeredEvent::getEventTime));
    profiles = new HashMap<>();
    shop.profiles().forEach(p -> profiles.put(p.getUserId(), p));
    split = CohortSplit.of(events, CALIBRATION_END, HOLDOUT_END);
    LtvTrainer.Settings tiny = LtvTrainer.Settings.defaults().toBuilder().units(4).denseUnits(4).maxEpochs(1)
        .patience(1).validationDays(42).build();
    predictor = new LstmPredictor(tiny, new DimensionSources(profiles, shop.calendar(), "brand"), null);
    prediction = predictor.predict(split.calibration());
  }

  @Test
  void theNetworkTrainedInTheRunReadsFeatureSpecTwoBuiltFromTheCalibrationSetAlone() {
    ModelBundle bundle = predictor.bundle();
    assertThat(bundle.metadata().featureSpecVersion()).isEqualTo(2);
    assertThat(bundle.metadata().featureSpec().product().values())
        .containsExactlyInAnyOrder("acme", "zenith", "basic").doesNotContain("holdout-only");
    assertThat(bundle.metadata().featureSpec().calendar()).isEqualTo(shop.calendar().days());
    assertThat(bundle.metadata().featureSpec().acquisitionChannel().values()).isNotEmpty();
    assertThat(prediction.spend()).hasSize(split.calibration().size());
  }

  @Test
  void theUsersProfilesFeedTheScores() {
    Prediction withoutProfiles = new LstmPredictor(predictor.bundle(), Map.of()).predict(split.calibration());
    Prediction withProfiles = new LstmPredictor(predictor.bundle(), profiles).predict(split.calibration());

    assertThat(withProfiles.spend()).containsExactly(prediction.spend());
    assertThat(withoutProfiles.spend()).isNotEqualTo(prediction.spend());
  }
}
