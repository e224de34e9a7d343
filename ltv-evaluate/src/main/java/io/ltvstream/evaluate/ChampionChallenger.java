package io.ltvstream.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.LtvPredictor;
import io.ltvstream.core.eval.ModelEvaluation;
import io.ltvstream.core.eval.Prediction;
import io.ltvstream.core.eval.TargetScores;
import io.ltvstream.model.ModelBundle;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The model in service (champion) against a newly trained one (challenger) on a window neither
 * trained on, with the evaluate metrics, and the rule that decides whether the challenger replaces
 * the champion.
 *
 * <p>The rule: the challenger wins when its spend Gini (ranking of users by value, what marketing
 * acts on) is strictly higher than the champion's, and its aggregate spend error is not worse
 * than the champion's by more than a tolerance, in absolute value: {@code |challenger| <=
 * |champion| + tolerance}. A tie keeps the champion; so does an undefined Gini (nobody bought in
 * the window).
 */
public final class ChampionChallenger {
  public static final String CHAMPION = "champion";
  public static final String CHALLENGER = "challenger";
  /** Default tolerance on the aggregate spend error: five points of the window's total spend. */
  public static final double DEFAULT_AGGREGATE_ERROR_TOLERANCE = 0.05;

  private ChampionChallenger() {}

  /** @param aggregateErrorTolerance how much worse (absolute) the challenger's aggregate spend error may be */
  public record Rule(double aggregateErrorTolerance) {
    public Rule {
      if (!(aggregateErrorTolerance >= 0)) {
        throw new IllegalArgumentException("the aggregate error tolerance must be >= 0, got " + aggregateErrorTolerance);
      }
    }

    public String describe() {
      return String.format(Locale.ROOT, "challenger wins when spend gini is higher and |spend aggregate_error|"
          + " is at most the champion's + %.3f", aggregateErrorTolerance);
    }
  }

  /** Whether the challenger wins, and why, in a sentence naming the figures. */
  public record Decision(boolean challengerWins, String reason) {}

  /** Applies the rule to the two evaluations of one window. */
  public static Decision decide(ModelEvaluation champion, ModelEvaluation challenger, Rule rule) {
    TargetScores a = champion.spend();
    TargetScores b = challenger.spend();
    if (Double.isNaN(a.gini()) || Double.isNaN(b.gini())) {
      return new Decision(false, "spend gini is undefined on this window (no spend): the champion stays");
    }
    String figures = String.format(Locale.ROOT, "spend gini %.4f vs champion %.4f, |aggregate error| %.4f vs %.4f"
        + " (tolerance %.3f)", b.gini(), a.gini(), Math.abs(b.aggregateError()), Math.abs(a.aggregateError()),
        rule.aggregateErrorTolerance());
    if (!(b.gini() > a.gini())) {
      return new Decision(false, "challenger ranks no better: " + figures);
    }
    if (!(Math.abs(b.aggregateError()) <= Math.abs(a.aggregateError()) + rule.aggregateErrorTolerance())) {
      return new Decision(false, "challenger ranks better but misses the total by more: " + figures);
    }
    return new Decision(true, "challenger ranks better within the aggregate error tolerance: " + figures);
  }

  /**
   * Scores both bundles (and the zero floor) on {@code split}: the calibration end is the start of
   * the window, the holdout end its end.
   */
  public static Evaluation compare(String source, long recordsRead, long invalidRecords, CohortSplit split,
      ModelBundle champion, ModelBundle challenger, Consumer<String> progress) {
    return new EvaluationRunner(progress).run(source, recordsRead, invalidRecords, split, List.of(
        new Renamed(CHAMPION, new LstmPredictor(champion)),
        new Renamed(CHALLENGER, new LstmPredictor(challenger))));
  }

  /** The model with {@code name}. */
  public static ModelEvaluation model(Evaluation evaluation, String name) {
    return evaluation.models().stream().filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no model " + name + " in the evaluation"));
  }

  /**
   * The comparison as JSON: {@link EvaluationJson}'s {@code dataset} (the window: calibration end
   * = its start, holdout end = its end) and {@code models}, plus {@code rule} and {@code decision}.
   */
  public static ObjectNode toJson(Evaluation evaluation, Rule rule, Decision decision) {
    ObjectNode root = EvaluationJson.toJson(evaluation);
    ObjectNode ruleNode = root.putObject("rule");
    ruleNode.put("metric", "spend_gini");
    ruleNode.put("aggregate_error_tolerance", rule.aggregateErrorTolerance());
    ruleNode.put("text", rule.describe());
    ObjectNode decisionNode = root.putObject("decision");
    decisionNode.put("winner", decision.challengerWins() ? CHALLENGER : CHAMPION);
    decisionNode.put("reason", decision.reason());
    return root;
  }

  /** A predictor under another name, so that two bundles of the same kind can be told apart. */
  private record Renamed(String name, LtvPredictor delegate) implements LtvPredictor {
    @Override
    public Prediction predict(CalibrationSet calibration) {
      return delegate.predict(calibration);
    }
  }
}
