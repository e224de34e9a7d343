package io.ltvstream.evaluate;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.avro.UserEvent;
import io.ltvstream.core.clv.Fitted;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.eval.NaivePredictor;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.core.eval.ZeroPredictor;
import io.ltvstream.core.features.EventFeatures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 12-user shop evaluated with stand-ins named like the real models, the lstm given last: bgnbd
 * at its NBD limit, paretonbd with standard errors (beta's undefined) and intervals on its totals, the lstm with a probability of any purchase and spend quantiles.
 */
final class SmallEvaluation {
  static final LocalDate CALIBRATION_END = LocalDate.of(2024, 3, 31);
  static final LocalDate HOLDOUT_END = LocalDate.of(2024, 6, 30);

  private SmallEvaluation() {}

  static CohortSplit split() {
    List<EngineeredEvent> events = new ArrayList<>();
    for (int u = 0; u < 12; u++) {
      // user u buys every (u + 1) weeks from January to June
      for (int day = u; day < 180; day += 7 * (u + 1)) {
        Instant time = Instant.parse("2024-01-01T12:00:00Z").plusSeconds(86_400L * day);
        events.add(EventFeatures.engineer(UserEvent.newBuilder().setEventId(u + "-" + day)
            .setUserId(String.format("u%02d", u)).setEventTime(time)
            .setEventType(EventType.PURCHASE).setAmount(10 + u).setAttributes(Map.of())
            .build(), "test", null));
      }
    }
    return CohortSplit.of(events, CALIBRATION_END, HOLDOUT_END);
  }

  static List<LtvPredictor> predictors() {
    Map<String, Double> gammaGamma = ordered("p", 6.0, "q", 3.5, "gamma", 15.0);
    return List.of(
        new FixedPredictor("bgnbd", 0.4, ordered("r", 0.25, "alpha", 4.0, "a", 0.8, "b", 2.4),
            gammaGamma).with(p -> p.withLimit(LIMIT)),
        new FixedPredictor("paretonbd", 0.5, ordered("r", 0.5, "alpha", 10.0, "s", 0.6,
            "beta", 11.0), gammaGamma).with(p -> p
            .withStandardErrors(Prediction.OWN, ordered("r", 0.048, "alpha", 0.84, "s", 0.19,
                "beta", Double.NaN))
            .withStandardErrors("gammagamma", ordered("p", 0.5, "q", 0.3, "gamma", 2.0))
            .withAggregateIntervals(INTERVALS)),
        new NaivePredictor(),
        new ZeroPredictor(),
        new FixedPredictor("lstm", 0.6, Map.of(), null).with(SmallEvaluation::withUncertainty));
  }

  /** paretonbd's intervals on its predicted totals. */
  static final Prediction.AggregateIntervals INTERVALS =
      new Prediction.AggregateIntervals(0.95, 3.25, 5.5, 40.125, 61.5);

  static final Fitted.Limit LIMIT = new Fitted.Limit("NBD", "a/(a+b) -> 0",
      "BG/NBD's best point a=1e-8 is no better than the NBD");

  /** P(any purchase) as a Poisson count's, spend quantiles 0, half and twice the mean. */
  static Prediction withUncertainty(Prediction p) {
    int n = p.size();
    double[] probability = new double[n];
    double[] p10 = new double[n];
    double[] p50 = new double[n];
    double[] p90 = new double[n];
    for (int i = 0; i < n; i++) {
      probability[i] = -Math.expm1(-p.transactions()[i]);
      p50[i] = p.spend()[i] / 2;
      p90[i] = 2 * p.spend()[i];
    }
    return p.withPurchaseProbability(probability)
        .withSpendQuantiles(new Prediction.SpendQuantiles(p10, p50, p90));
  }

  static Evaluation run(List<String> progress) {
    return new EvaluationRunner(progress::add).run("shop.txt", 100, 2, split(), predictors());
  }

  private static Map<String, Double> ordered(Object... pairs) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Double) pairs[i + 1]);
    }
    return map;
  }
}
