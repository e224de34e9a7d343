package io.ltvstream.core.testdata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.eval.UserHistory;
import io.ltvstream.core.history.CdnowReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CDNOW files of the shared data directory (system property {@code ltv.shared.dir}, which
 * the build sets), and the standard 39/39-week split of the sample. Tests that need them are
 * skipped, saying why, when the directory is absent.
 */
public final class Cdnow {
  public static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
  public static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);

  private static CohortSplit sampleSplit;

  private Cdnow() {}

  /** The sample file, or the test is skipped. */
  public static Path sample() {
    return file("CDNOW_sample.txt");
  }

  /** The master file, or the test is skipped. */
  public static Path master() {
    return file("CDNOW_master.txt");
  }

  /** The sample split at 1997-09-30 / 1998-06-30, read once per test JVM. */
  public static synchronized CohortSplit sampleSplit() {
    if (sampleSplit == null) {
      try {
        sampleSplit = CohortSplit.of(CdnowReader.read(sample()).events(), CALIBRATION_END,
            HOLDOUT_END);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sampleSplit;
  }

  /** Days from the calibration end to the holdout end: the horizon the evaluator predicts. */
  public static int horizonDays() {
    return (int) ChronoUnit.DAYS.between(CALIBRATION_END, HOLDOUT_END);
  }

  /** The calibration events of each cohort user, in the split's user order. */
  public static List<List<EngineeredEvent>> histories(CohortSplit split) {
    return split.calibration().users().stream().map(UserHistory::events).toList();
  }

  /**
   * Pareto/NBD and Gamma-Gamma as published for the sample, under the model bundle's baseline keys
   * ({@code pnbd_*}, {@code gg_*}).
   */
  public static Map<String, Double> publishedSampleBaseline() {
    Map<String, Double> baseline = new TreeMap<>();
    baseline.put("pnbd_r", 0.553);
    baseline.put("pnbd_alpha", 10.58);
    baseline.put("pnbd_s", 0.606);
    baseline.put("pnbd_beta", 11.67);
    baseline.put("gg_p", 6.25);
    baseline.put("gg_q", 3.74);
    baseline.put("gg_gamma", 15.44);
    return baseline;
  }

  private static Path file(String name) {
    String shared = System.getProperty("ltv.shared.dir", "../../shared");
    Path path = Path.of(shared, "data", "cdnow", name);
    assumeTrue(Files.isReadable(path), "CDNOW data not found at " + path.toAbsolutePath()
        + " (set -Dltv.shared.dir to the directory holding data/cdnow): skipped");
    return path;
  }
}
