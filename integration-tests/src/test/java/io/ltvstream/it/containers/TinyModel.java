package io.ltvstream.it.containers;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CalibrationSet;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.scorer.model.LtvTrainer;
import io.ltvstream.scorer.model.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real model bundle from the project's trainer on the CDNOW sample, kept tiny (8 units, one
 * epoch) so it trains in seconds: the scorer containers run the production model code, only
 * smaller. Written once per test JVM.
 */
final class TinyModel {
  private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
  private static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);
  private static Path file;
  private static String version;

  private TinyModel() {}

  /** The bundle file (skips the test when the CDNOW sample is absent). */
  static synchronized Path bundle() {
    if (file == null) {
      try {
        ModelBundle bundle = train();
        Path written = Files.createTempFile("ltv-tiny-model-", ".zip");
        written.toFile().deleteOnExit();
        bundle.save(written);
        version = bundle.version();
        file = written;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  static synchronized String version() {
    bundle();
    return version;
  }

  private static ModelBundle train() throws IOException {
    Path cdnow = Path.of(System.getProperty("ltv.shared.dir", "../../shared"), "data", "cdnow", "CDNOW_sample.txt");
    Assumptions.assumeTrue(Files.isRegularFile(cdnow),
        "CDNOW sample not found at " + cdnow + " (set -Dltv.shared.dir): no model to put in the scorer containers");
    CalibrationSet calibration = CohortSplit.of(CdnowReader.read(cdnow).events(), CALIBRATION_END, HOLDOUT_END)
        .calibration();
    List<List<EngineeredEvent>> histories = calibration.users().stream().map(UserHistory::events).toList();
    LtvTrainer.Settings settings = LtvTrainer.Settings.defaults().withSeed(7).withSize(8, 4).withEpochs(1)
        .withHorizonDays((int) ChronoUnit.DAYS.between(CALIBRATION_END, HOLDOUT_END));
    return new LtvTrainer(settings, null).train(histories, CALIBRATION_END);
  }
}
