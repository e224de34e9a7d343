package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.testdata.Cdnow;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.LtvPrediction;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.testkit.TinyModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training and serving never disagree: the CDNOW sample's calibration events, streamed through
 * the topology, leave every user in a state that scores at the calibration end exactly what the
 * offline replay of the trainer and the evaluator ({@link EventReplay}) predicts for them.
 */
class CdnowParityTest {
  @Test
  void theTopologyAtTheCalibrationEndPredictsWhatTheOfflineReplayPredicts() {
    CalibrationSet calibration = Cdnow.sampleSplit().calibration();
    ModelBundle bundle = TinyModel.bundle(7);
    LtvModel offline = bundle.newModel(Engine.KERNEL);

    List<UserHistory> users = calibration.users();
    long events = users.stream().mapToLong(u -> u.events().size()).sum();
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      for (UserHistory user : users) {
        for (EngineeredEvent event : user.events()) {
          scorer.send(event);
        }
      }
      assertThat(scorer.scores.getQueueSize()).isEqualTo(events);
      assertThat(scorer.deadLetters.isEmpty()).isTrue();

      long cutoff = calibration.calibrationCutoff().toEpochMilli();
      LtvModel model = bundle.newModel(Engine.KERNEL);
      double worstSpend = 0;
      double worstTransactions = 0;
      for (int i = 0; i < users.size(); i++) {
        String userId = users.get(i).userId();
        UserState state = scorer.userStates().get(userId);
        assertThat(state).as(userId).isNotNull();
        LtvScore atCutoff = Scores.of(userId, null, cutoff, state, null, model, scorer.settings.segments());
        LtvPrediction replayed = offline.predict(EventReplay.replay(users.get(i).events(), offline), cutoff);
        worstSpend = Math.max(worstSpend, Math.abs(atCutoff.getExpectedValue() - replayed.expectedValue()));
        worstTransactions = Math.max(worstTransactions,
            Math.abs(atCutoff.getExpectedTransactions() - replayed.expectedTransactions()));
      }
      assertThat(users).hasSize(2357);
      assertThat(worstSpend).isLessThanOrEqualTo(1e-6);
      assertThat(worstTransactions).isLessThanOrEqualTo(1e-6);
    }
  }
}
