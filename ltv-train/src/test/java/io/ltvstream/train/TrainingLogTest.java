package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.core.testdata.Shops;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the trainer says it trains on, and the settings it refuses. */
class TrainingLogTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate CALIBRATION_END = START.plusDays(199);

  @Test
  void theLogSaysHowManyOfTheCohortsUsersTrainWhenTheyAreSubsampled() {
    SyntheticShop shop = new SyntheticShop(ShopConfig.defaults().withSeed(5).withUsers(150).withDays(200)
        .withStart(START).withDirt(0, 0, 0, 0));
    List<List<EngineeredEvent>> histories = CohortSplit.of(Shops.cleanEvents(shop), CALIBRATION_END,
        CALIBRATION_END.plusDays(1)).calibration().users().stream().map(UserHistory::events).toList();
    LtvTrainer.Settings settings = LtvTrainer.Settings.defaults().toBuilder().units(8).denseUnits(4)
        .maxEpochs(1).refit(false).maxTrainingUsers(40).build();
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    new LtvTrainer(settings, new PrintStream(log, true, StandardCharsets.UTF_8)).train(histories, CALIBRATION_END);

    assertThat(histories).hasSizeGreaterThan(40);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("training on 40 of " + histories.size() + " users:");
  }

  @Test
  void noEpochOrNoHorizonIsRefused() {
    assertThatThrownBy(() -> LtvTrainer.Settings.defaults().toBuilder().maxEpochs(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one epoch");
    assertThatThrownBy(() -> LtvTrainer.Settings.defaults().toBuilder().horizonDays(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one day");
  }
}
