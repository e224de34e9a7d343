package io.ltvstream.core.testdata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.history.CdnowReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

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

  private static Path file(String name) {
    String shared = System.getProperty("ltv.shared.dir", "../../shared");
    Path path = Path.of(shared, "data", "cdnow", name);
    assumeTrue(Files.isReadable(path), "CDNOW data not found at " + path.toAbsolutePath()
        + " (set -Dltv.shared.dir to the directory holding data/cdnow): skipped");
    return path;
  }
}
