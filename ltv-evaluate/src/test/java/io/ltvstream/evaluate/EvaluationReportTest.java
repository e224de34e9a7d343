package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.core.clv.ModelFitException;
import io.ltvstream.core.eval.LtvPredictor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
  @TempDir Path dir;

  @Test
  void pageHasEveryChartForEveryModelAndOpensOffline() throws Exception {
    Path file = dir.resolve("report.html");
    EvaluationReport.write(SmallEvaluation.run(new ArrayList<>()), file);
    String html = Files.readString(file);

    assertThat(html).contains("Weekly cumulative repeat transactions",
        "Holdout transactions by calibration frequency", "Gain curve: transactions",
        "Gain curve: spend", "lstm: spend by decile of prediction",
        "zero: transactions by decile of prediction", "nearly ties the best model on MAE");
    // no scripts, no stylesheets or images from elsewhere
    assertThat(html).doesNotContain("<script", "src=", "href=");
    assertThat(html.replace("xmlns='http://www.w3.org/2000/svg'", "")).doesNotContain("http");

    List<String> svgs = svgs(html);
    // tracking + frequency + 2 gain curves + 2 targets x 5 models + reliability (lstm, naive)
    // + a PIT histogram (lstm)
    assertThat(svgs).hasSize(16);
    for (String svg : svgs) {
      DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
    String tracking = svgs.get(0);
    assertThat(tracking).contains(">actual<", ">lstm<", ">bgnbd<", ">zero<", "calibration end");
    assertThat(svgs.get(14)).contains("Reliability: any purchase in the holdout", ">lstm<",
        ">naive<").doesNotContain(">zero<");
    assertThat(svgs.get(15)).contains("lstm: holdout spend against its quantiles");
    assertThat(html).contains("bgnbd: WARNING fitted at its NBD limit (a/(a+b) -&gt; 0)");
    assertThat(html).contains("95% interval high ($)", "61.50");
  }

  @Test
  void aFailedModelShowsItsWholeReason() {
    List<LtvPredictor> predictors = new ArrayList<>(SmallEvaluation.predictors());
    predictors.set(1, new FailingPredictor("paretonbd", () -> new ModelFitException(
        "Pareto/NBD fit did not converge: s < 1e-9\nTried: start 1")));
    String html = EvaluationReport.render(new EvaluationRunner(line -> { }).run("shop.txt", 100,
        2, SmallEvaluation.split(), predictors));

    assertThat(html).contains("paretonbd: FAILED, no figures: Pareto/NBD fit did not converge:"
        + " s &lt; 1e-9", "<pre>Pareto/NBD fit did not converge: s &lt; 1e-9\nTried: start 1</pre>");
  }

  private static List<String> svgs(String html) {
    List<String> svgs = new ArrayList<>();
    Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
    while (m.find()) {
      svgs.add(m.group());
    }
    return svgs;
  }
}
