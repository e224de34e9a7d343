package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.core.clv.ModelFitException;
import io.ltvstream.core.eval.LtvPredictor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTableTest {
  @Test
  void oneColumnPerModelLstmFirstWithEveryMetricAndTheParameters() {
    String table = EvaluationTable.render(SmallEvaluation.run(new ArrayList<>()));
    String header = table.lines().filter(l -> l.contains("paretonbd") && l.contains("zero"))
        .findFirst().orElseThrow();

    assertThat(header.indexOf("lstm")).isLessThan(header.indexOf("bgnbd"));
    assertThat(header.indexOf("naive")).isLessThan(header.indexOf("zero"));
    assertThat(table).contains("shop.txt: 100 records (2 invalid); cohort 12 users",
        "MAE", "RMSE", "Spearman", "normalized Gini", "aggregate error", "top-decile share",
        "decile MAPE", "train seconds", "-100.0%");
    assertThat(table).contains("bgnbd       r=0.2500  alpha=4.000  a=0.8000  b=2.400");
    assertThat(table).contains("gammagamma  p=6.000 (se 0.50)  q=3.500 (se 0.30)  gamma=15.00 (se 2.0)");
    assertThat(table).contains("paretonbd   r=0.5000 (se 0.048)  alpha=10.00 (se 0.84)"
        + "  s=0.6000 (se 0.19)  beta=11.00 (se -)");
    // Spearman of a constant prediction is undefined: shown as "-"
    String spearman = table.lines().filter(l -> l.contains("Spearman")).findFirst().orElseThrow();
    assertThat(spearman.trim()).endsWith("-");
    assertThat(table).contains("P(purchase)", "Brier", "log loss", "spend quantiles",
        "share <= p90", "pinball p90 ($)");
    // the interval on the predicted totals: paretonbd's (the third column), "-" elsewhere
    assertThat(table.lines().filter(l -> l.contains("95% interval high ($)")).findFirst()
        .orElseThrow().split("\\s{2,}")).containsExactly("", "95% interval high ($)", "-", "-",
        "61.50", "-", "-");
    assertThat(table.lines().filter(l -> l.contains("95% interval low") && !l.contains("$"))
        .findFirst().orElseThrow()).contains("3.250");
    assertThat(table).contains("bgnbd: WARNING fitted at its NBD limit (a/(a+b) -> 0): BG/NBD's"
        + " best point a=1e-8 is no better than the NBD");
  }

  @Test
  void aFailedModelIsNamedWithTheFirstLineOfItsReason() {
    List<LtvPredictor> predictors = new ArrayList<>(SmallEvaluation.predictors());
    predictors.set(1, new FailingPredictor("paretonbd", () -> new ModelFitException(
        "Pareto/NBD fit did not converge: s ran to 6.7e-12\nTried: start 1")));
    String table = EvaluationTable.render(new EvaluationRunner(line -> { }).run("shop.txt", 100,
        2, SmallEvaluation.split(), predictors));

    assertThat(table).contains(
        "paretonbd: FAILED, no figures: Pareto/NBD fit did not converge: s ran to 6.7e-12\n");
    assertThat(table).doesNotContain("Tried: start 1");
  }
}
