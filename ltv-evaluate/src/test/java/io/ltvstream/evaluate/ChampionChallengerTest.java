package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.core.eval.ModelEvaluation;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.core.eval.TargetScores;
import org.junit.jupiter.api.Test;

class ChampionChallengerTest {
  private static final ChampionChallenger.Rule RULE = new ChampionChallenger.Rule(0.05);

  @Test
  void aHigherGiniWithinTheToleranceWins() {
    var decision = ChampionChallenger.decide(model(0.60, -0.10), model(0.65, 0.14), RULE);
    assertThat(decision.challengerWins()).isTrue();
    assertThat(decision.reason()).startsWith("challenger ranks better within the aggregate error tolerance")
        .contains("spend gini 0.6500 vs champion 0.6000");
  }

  @Test
  void aHigherGiniThatMissesTheTotalByMoreThanTheToleranceLoses() {
    var decision = ChampionChallenger.decide(model(0.60, -0.10), model(0.65, 0.16), RULE);
    assertThat(decision.challengerWins()).isFalse();
    assertThat(decision.reason()).startsWith("challenger ranks better but misses the total by more");
  }

  @Test
  void aTieOrAnUndefinedGiniKeepsTheChampion() {
    assertThat(ChampionChallenger.decide(model(0.60, 0.0), model(0.60, 0.0), RULE).challengerWins()).isFalse();
    var undefined = ChampionChallenger.decide(model(Double.NaN, Double.NaN), model(0.7, 0.0), RULE);
    assertThat(undefined.challengerWins()).isFalse();
    assertThat(undefined.reason()).contains("undefined");
  }

  @Test
  void aNegativeToleranceIsRefused() {
    assertThatThrownBy(() -> new ChampionChallenger.Rule(-0.01)).hasMessageContaining(">= 0");
  }

  private static ModelEvaluation model(double spendGini, double spendAggregateError) {
    TargetScores spend = new TargetScores(0, 0, 0, spendGini, spendAggregateError, 0, 0, 0, 0);
    TargetScores transactions = new TargetScores(0, 0, 0, 0, 0, 0, 0, 0, 0);
    return new ModelEvaluation("m", Prediction.of(new double[0], new double[0]), transactions, spend, 0, null, null);
  }
}
