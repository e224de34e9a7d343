package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.core.testdata.Shops;
import io.ltvstream.model.Baseline;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.KernelLtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.model.ValueHead;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The count slope a bundle stores recalibrates the spread of the network the bundle serves: with
 * the refit, the refit network's purchase days over the validation window, taken to the stored
 * slope's power, are spread just right there (their own Poisson calibration slope is 1). A slope
 * fit on the early-stopped network instead spreads the refit one by the ratio of the two networks'
 * slopes.
 */
class ServedCountSlopeTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate CALIBRATION_END = START.plusDays(299);
  private static final long DAY_MILLIS = 86_400_000L;

  @Test
  void theStoredSlopeCalibratesTheRefitNetworkItIsAppliedTo() {
    SyntheticShop shop = new SyntheticShop(ShopConfig.defaults().withSeed(11).withUsers(300).withDays(301)
        .withStart(START).withDirt(0, 0, 0, 0));
    List<EngineeredEvent> events = Shops.cleanEvents(shop);
    CohortSplit split = CohortSplit.of(events, CALIBRATION_END, CALIBRATION_END.plusDays(1));
    List<List<EngineeredEvent>> histories = split.calibration().users().stream().map(UserHistory::events).toList();
    LtvTrainer.Settings settings = LtvTrainer.Settings.defaults().toBuilder().units(8).denseUnits(4)
        .maxEpochs(3).patience(2).cutoffStepDays(28).horizonDays(120).baselineBlend(0).build();
    ModelBundle bundle = new LtvTrainer(settings, null).train(histories, CALIBRATION_END);
    double stored = bundle.metadata().baseline().get(ValueHead.COUNT_SLOPE);

    KernelLtvModel kernel = (KernelLtvModel) bundle.newModel(Engine.KERNEL);
    Baseline baseline = Baseline.of(bundle.metadata().baseline());
    Instant cutoff = split.calibration().calibrationCutoff();
    int window = settings.validationDays();
    long windowStart = cutoff.toEpochMilli() - window * DAY_MILLIS;
    List<double[]> rows = new ArrayList<>();
    for (List<EngineeredEvent> history : histories) {
      List<EngineeredEvent> before = history.stream()
          .filter(e -> e.getEventTime().toEpochMilli() < windowStart).toList();
      if (before.isEmpty()) {
        continue;
      }
      Set<Long> purchaseDays = new HashSet<>();
      for (EngineeredEvent e : history) {
        long t = e.getEventTime().toEpochMilli();
        if (e.getIsPurchase() && t >= windowStart && t < cutoff.toEpochMilli()) {
          purchaseDays.add(Math.floorDiv(t, DAY_MILLIS));
        }
      }
      UserState state = EventReplay.replay(before, null, kernel);
      float[] out = kernel.rawOutputs(state, windowStart, Baseline.atOrNull(baseline, state, windowStart), null, null);
      double served = ValueHead.expected(out, null, window, window, stored).transactions();
      rows.add(new double[] {Math.log(served), purchaseDays.size()});
    }
    assertThat(rows.size()).isGreaterThan(100);
    assertThat(PoissonSlope.fit(rows)).as("calibration slope of the served purchase days on the validation window")
        .isCloseTo(1.0, within(0.05));
  }
}
