package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.core.clv.RfmSummary;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.Metrics;
import io.ltvstream.core.eval.NaivePredictor;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.core.testdata.Cdnow;
import io.ltvstream.model.ActivityCalibration;
import io.ltvstream.model.Baseline;
import io.ltvstream.model.BundleMetadata;
import io.ltvstream.model.Cell;
import io.ltvstream.model.Engine;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.model.ValueHead;
import io.ltvstream.train.LtvTrainer;
import io.ltvstream.train.NetworkBundles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network entry of ./ltv evaluate: tiny training runs on the CDNOW sample (seconds); the full
 * runs belong to ./ltv evaluate.
 */
class LstmPredictorTest {
  private static CohortSplit sample;
  private static Prediction first;
  private static LstmPredictor firstPredictor;
  private static String progress;

  @BeforeAll
  static void trainOnce() throws Exception {
    sample = Cdnow.sampleSplit();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    firstPredictor = new LstmPredictor(tiny(7), new PrintStream(out, true, StandardCharsets.UTF_8));
    first = firstPredictor.predict(sample.calibration());
    progress = out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void trainedNetworkRanksSpendBetterThanNaive() {
    Prediction naive = new NaivePredictor().predict(sample.calibration());
    double lstmGini = Metrics.normalizedGini(first.spend(), sample.actuals().spend());
    double naiveGini = Metrics.normalizedGini(naive.spend(), sample.actuals().spend());
    assertThat(lstmGini).isGreaterThan(naiveGini);
  }

  @Test
  void sameSeedGivesIdenticalPredictions() {
    Prediction second = new LstmPredictor(tiny(7), null).predict(sample.calibration());
    assertThat(second.spend()).containsExactly(first.spend());
    assertThat(second.transactions()).containsExactly(first.transactions());
  }

  @Test
  void trainingReportsProgressAndRecordsItsSummary() {
    assertThat(progress).contains("epoch  1/3").contains("aggregate calibration");
    BundleMetadata metadata = firstPredictor.bundle().metadata();
    assertThat(metadata.seed()).isEqualTo(7);
    assertThat(metadata.training()).containsKeys("members", "train_seconds");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members = (List<Map<String, Object>>) metadata.training().get("members");
    assertThat(members).hasSize(2);
    assertThat(members.get(0)).containsKeys("seed", "best_epoch", "best_validation_loss").containsEntry("seed", 7L);
    assertThat(members.get(1)).containsEntry("seed", 8L);
    assertThat(progress).contains("member 1/2 (seed 7)").contains("member 2/2 (seed 8)");
    assertThat(metadata.training().get("calibration_end")).isEqualTo("1997-09-30");
    assertThat(metadata.baseline()).containsKeys("pnbd_r", "gg_p");
    assertThat(metadata.transactionScale()).isPositive();
    assertThat(progress).contains("count slope of the early-stopped network on the validation window")
        .contains("count slope of the refit network on the validation window")
        .contains("refit on cutoffs up to the calibration end");
    assertThat(((Number) metadata.training().get("refit_examples")).intValue())
        .isGreaterThan(((Number) metadata.training().get("training_examples")).intValue());
    assertThat(metadata.baseline()).containsKey(ValueHead.COUNT_SLOPE);
    assertThat(metadata.baseline().get(ValueHead.COUNT_SLOPE)).isPositive()
        .isEqualTo(((Number) metadata.training().get("count_slope")).doubleValue());
  }

  @Test
  void membersArePackedIntoOneNetworkOfTheConfiguredWidth() {
    ModelBundle bundle = firstPredictor.bundle();
    assertThat(bundle.metadata().units()).isEqualTo(16);
    assertThat(NetworkBundles.network(bundle).layerSize(0)).isEqualTo(16);
    assertThat(NetworkBundles.network(bundle).layerSize(2)).isEqualTo(2L * ValueHead.OUTPUTS);
    assertThat(bundle.newModel(Engine.KERNEL).units()).isEqualTo(16);
  }

  @Test
  void aGruNetworkIsTheGruEntryAndRanksSpendBetterThanNaive() {
    LstmPredictor gru = new LstmPredictor(tiny(7).toBuilder().cell(Cell.GRU).build(), null);
    Prediction predicted = gru.predict(sample.calibration());
    Prediction naive = new NaivePredictor().predict(sample.calibration());

    assertThat(firstPredictor.name()).isEqualTo("lstm");
    assertThat(gru.name()).isEqualTo("gru");
    assertThat(gru.bundle().cell()).isEqualTo(Cell.GRU);
    assertThat(Metrics.normalizedGini(predicted.spend(), sample.actuals().spend()))
        .isGreaterThan(Metrics.normalizedGini(naive.spend(), sample.actuals().spend()));
  }

  @Test
  void predictionsAreFiniteAndNonNegative() {
    for (int i = 0; i < first.size(); i++) {
      assertThat(first.spend()[i]).isFinite().isGreaterThanOrEqualTo(0);
      assertThat(first.transactions()[i]).isFinite().isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void theNetworkEntryIsTheServedBlendWithoutItsShareOfParetoNbd() {
    Prediction alone = firstPredictor.networkAlone().predict(sample.calibration());
    Map<String, Double> baselineParams = firstPredictor.bundle().metadata().baseline();
    double weight = baselineParams.get(Baseline.BLEND_WEIGHT);
    assertThat(weight).isEqualTo(0.5);
    Baseline baseline = Baseline.of(baselineParams);
    double horizonWeeks = 273 / 7.0;
    int differ = 0;
    for (int i = 0; i < first.size(); i++) {
      // Pareto/NBD x Gamma-Gamma from the user's RFM summary, calibrated as the bundle says
      RfmSummary rfm = sample.calibration().users().get(i).rfm();
      double pnbd = baselineParams.get(Baseline.BLEND_TRANSACTION_SCALE) * baseline.transactions()
          .conditionalExpectedTransactions(horizonWeeks, rfm.frequency(), rfm.recency(), rfm.age());
      assertThat(first.transactions()[i]).as("user %d", i).isCloseTo(
          (1 - weight) * alone.transactions()[i] + weight * pnbd, within(1e-9));
      differ += Math.abs(alone.transactions()[i] - first.transactions()[i]) > 1e-6 ? 1 : 0;
    }
    assertThat(differ).isGreaterThan(first.size() / 2);
    assertThat(alone.trainSeconds()).isZero();
  }

  @Test
  void theNetworkEntryFailsClearlyWithoutATrainedLstm() {
    assertThatThrownBy(() -> new LstmPredictor(tiny(7), null).networkAlone()
        .predict(sample.calibration()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("lstm produced none");
  }

  @Test
  void pActiveAndTheQuantilesAreTheScoresOwn() {
    double[] p = first.purchaseProbability();
    Prediction.SpendQuantiles q = first.spendQuantiles();
    ActivityCalibration activity = ActivityCalibration.of(firstPredictor.bundle().metadata().baseline(),
        ActivityCalibration.SHAPE);
    for (int i = 0; i < first.size(); i++) {
      // p_active of the value head: the bundle's calibration of the expected purchase days
      assertThat(p[i]).isCloseTo(activity.probability(first.transactions()[i]), within(1e-12));
      assertThat(q.p10()[i]).isLessThanOrEqualTo(q.p50()[i]);
      assertThat(q.p50()[i]).isLessThanOrEqualTo(q.p90()[i]);
    }
  }

  @Test
  void pActiveIsCalibratedOnTheValidationWindowAndScoresTheHoldoutBetterThanThePoissonChance() {
    Map<String, Double> baseline = firstPredictor.bundle().metadata().baseline();
    Map<String, Object> training = firstPredictor.bundle().metadata().training();
    assertThat(baseline).containsKeys(ActivityCalibration.SHAPE, ActivityCalibration.NETWORK_SHAPE);
    assertThat(progress).contains("p_active on the validation window: gamma-Poisson shape");
    assertThat(((Number) training.get("validation_brier")).doubleValue())
        .isLessThanOrEqualTo(((Number) training.get("validation_brier_poisson")).doubleValue());

    // the holdout, which the fit never saw: the served p_active against 1 - exp(-E[n]) of the same expectation
    boolean[] bought = sample.actuals().bought();
    double[] poisson = new double[first.size()];
    for (int i = 0; i < first.size(); i++) {
      poisson[i] = -Math.expm1(-first.transactions()[i]);
    }
    assertThat(Metrics.brier(first.purchaseProbability(), bought)).isLessThan(Metrics.brier(poisson, bought));

    // the network entry reads the network's own shape
    Prediction alone = firstPredictor.networkAlone().predict(sample.calibration());
    ActivityCalibration networkActivity = new ActivityCalibration(baseline.get(ActivityCalibration.NETWORK_SHAPE));
    for (int i = 0; i < alone.size(); i++) {
      assertThat(alone.purchaseProbability()[i]).isCloseTo(networkActivity.probability(alone.transactions()[i]),
          within(1e-12));
    }
  }

  /** Small, fast training settings (seconds): two members of 8 LSTM and 8 dense units, packed. */
  private static LtvTrainer.Settings tiny(long seed) {
    return LtvTrainer.Settings.defaults().toBuilder().seed(seed).members(2).units(16).denseUnits(8).maxEpochs(3)
        .patience(2).learningRate(1e-2).cutoffStepDays(28).maxTrainingUsers(1000).averageFromEpoch(2)
        .build();
  }
}
