package io.ltvstream.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One row per cohort user, holding exactly the actuals and predictions the metrics were computed from. */
class EvaluationPredictionsCsvTest {
  @TempDir Path dir;

  @Test
  void oneRowPerUserWithActualsAndEveryModelsPredictions() throws Exception {
    Evaluation evaluation = SmallEvaluation.run(new ArrayList<>());
    Path file = dir.resolve("nested/predictions.csv");
    EvaluationPredictionsCsv.write(evaluation, file);
    List<String> lines = Files.readAllLines(file);

    assertThat(lines.get(0)).isEqualTo("user_id,actual_transactions,actual_spend,"
        + "lstm_transactions,lstm_spend,bgnbd_transactions,bgnbd_spend,paretonbd_transactions,"
        + "paretonbd_spend,naive_transactions,naive_spend,zero_transactions,zero_spend");
    assertThat(lines).hasSize(1 + evaluation.split().calibration().size());
    for (int i = 0; i < evaluation.split().calibration().size(); i++) {
      String[] cells = lines.get(i + 1).split(",");
      assertThat(cells[0]).isEqualTo(evaluation.split().calibration().users().get(i).userId());
      assertThat(Double.parseDouble(cells[2]))
          .isCloseTo(evaluation.split().actuals().spend()[i], org.assertj.core.data.Offset.offset(1e-4));
      assertThat(Double.parseDouble(cells[4]))
          .isCloseTo(evaluation.models().get(0).prediction().spend()[i], org.assertj.core.data.Offset.offset(1e-4));
    }
  }
}
