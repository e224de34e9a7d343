package io.ltvstream.scorer.model;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.history.CdnowReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The CDNOW sample of the shared data directory, split 39/39 weeks (tests skip without it). */
final class CdnowFixture {
  static final LocalDate CALIBRATION_END = LocalDate.parse("1997-09-30");
  static final LocalDate HOLDOUT_END = LocalDate.parse("1998-06-30");
  private static CohortSplit sample;

  private CdnowFixture() {}

  static synchronized CohortSplit sample() throws IOException {
    if (sample == null) {
      Path shared = Path.of(System.getProperty("ltv.shared.dir", "../../shared"));
      Path file = shared.resolve("data/cdnow/CDNOW_sample.txt");
      Assumptions.assumeTrue(Files.isRegularFile(file), "CDNOW sample not found at " + file + "; skipping");
      sample = CohortSplit.of(CdnowReader.read(file).events(), CALIBRATION_END, HOLDOUT_END);
    }
    return sample;
  }

  static List<List<EngineeredEvent>> histories(CohortSplit split) {
    List<List<EngineeredEvent>> histories = new ArrayList<>();
    for (UserHistory user : split.calibration().users()) {
      histories.add(user.events());
    }
    return histories;
  }
}
