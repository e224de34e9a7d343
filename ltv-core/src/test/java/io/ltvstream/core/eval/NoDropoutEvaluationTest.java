package io.ltvstream.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * The customer-base predictors on a shop whose customers never drop out: both fits reach their
 * NBD limit, and the prediction says so and still scores the holdout.
 */
class NoDropoutEvaluationTest {
  private static final LocalDate START = LocalDate.of(1997, 1, 1);
  private static final LocalDate CALIBRATION_END = START.plusWeeks(78);
  private static final LocalDate HOLDOUT_END = CALIBRATION_END.plusWeeks(39);

  @Test
  void bothCustomerBaseModelsPredictWithTheirNbdLimit() {
    CohortSplit split = CohortSplit.of(purchasesWithoutDropout(600, 7), CALIBRATION_END,
        HOLDOUT_END);
    List<String> progress = new ArrayList<>();
    for (LtvPredictor predictor : List.of(CustomerBasePredictor.bgNbd(progress::add),
        CustomerBasePredictor.paretoNbd(progress::add))) {
      ModelEvaluation evaluation = ModelEvaluation.run(predictor, split);

      assertThat(evaluation.prediction().limit()).as(predictor.name()).isNotNull();
      assertThat(evaluation.prediction().limit().model()).isEqualTo("NBD");
      assertThat(evaluation.prediction().params()).containsOnlyKeys("r", "alpha");
      assertThat(evaluation.transactions().aggregateError()).as(predictor.name())
          .isCloseTo(0, within(0.05));
    }
    assertThat(progress).anySatisfy(line -> assertThat(line).startsWith(
        "bgnbd: NBD limit (a/(a+b) -> 0), warning: BG/NBD reached its no-dropout limit"));
    assertThat(progress).anySatisfy(line -> assertThat(line).startsWith(
        "paretonbd: NBD limit (s/beta -> 0), warning: Pareto/NBD reached its no-dropout limit"));
  }

  /**
   * Users born on a day of the first year who then buy on each day with probability
   * 1 - exp(-lambda/7), lambda ~ Gamma(0.5, 1) per week, until the holdout end: no dropout, and
   * the heaviest buy on hundreds of days. Amounts as Gamma-Gamma has them: Gamma(6, nu) with
   * nu ~ Gamma(4, 15) per user.
   */
  private static List<EngineeredEvent> purchasesWithoutDropout(int users, long seed) {
    Well19937c random = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(random, 0.5, 1.0);
    GammaDistribution spendRates = new GammaDistribution(random, 4, 1 / 15.0);
    List<EngineeredEvent> events = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String user = String.format("u%04d", u);
      double dailyProbability = -Math.expm1(-rates.sample() / 7);
      GammaDistribution amounts = new GammaDistribution(random, 6, 1 / spendRates.sample());
      LocalDate day = START.plusDays(random.nextInt(365));
      events.add(Events.purchase(user, day + "T12:00:00Z", amounts.sample()));
      for (day = day.plusDays(1); !day.isAfter(HOLDOUT_END); day = day.plusDays(1)) {
        if (random.nextDouble() < dailyProbability) {
          events.add(Events.purchase(user, day + "T12:00:00Z", amounts.sample()));
        }
      }
    }
    return events;
  }
}
