package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.core.testdata.Shops;
import io.ltvstream.model.ModelBundle;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The value head starts at the training labels' scale, so even a short training predicts the
 * validation window's purchase days and spend in the right order of magnitude (the network's
 * own, before the aggregate calibration): started at zero, its spend per purchase day is e^0.5
 * where the shop's is tens, and the lognormal's sigma grows to cover the gap, so exp(mu +
 * sigma^2 / 2) is thousands of times the actual.
 */
class InitialOutputsTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate CALIBRATION_END = START.plusDays(299);

  @Test
  void aShortTrainingPredictsTheValidationWindowAtTheRightScale() {
    SyntheticShop shop = new SyntheticShop(ShopConfig.defaults().withSeed(11).withUsers(200).withDays(301)
        .withStart(START).withDirt(0, 0, 0, 0));
    List<EngineeredEvent> events = Shops.cleanEvents(shop);
    List<List<EngineeredEvent>> histories = CohortSplit.of(events, CALIBRATION_END, CALIBRATION_END.plusDays(1))
        .calibration().users().stream().map(UserHistory::events).toList();
    LtvTrainer.Settings settings = LtvTrainer.Settings.defaults().toBuilder().units(8).denseUnits(4)
        .maxEpochs(2).patience(2).cutoffStepDays(28).horizonDays(120).refit(false).build();
    Map<String, Object> training = new LtvTrainer(settings, null).train(histories, CALIBRATION_END)
        .metadata().training();
    assertThat(((Number) training.get("validation_transaction_ratio")).doubleValue()).as("actual / predicted purchase days")
        .isBetween(0.5, 2.0);
    assertThat(((Number) training.get("validation_spend_ratio")).doubleValue()).as("actual / predicted spend")
        .isBetween(0.33, 3.0);
  }
}
