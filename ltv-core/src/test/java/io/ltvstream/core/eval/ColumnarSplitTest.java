package io.ltvstream.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.core.history.CdnowReader;
import io.ltvstream.core.testdata.Cdnow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split of CDNOW rows kept in columns is the split of the events the reader gives. */
class ColumnarSplitTest {
  @TempDir Path dir;

  @Test
  void theColumnarSplitOfCdnowMasterIsTheSplitOfItsEvents() throws IOException {
    assertSameSplit(Cdnow.master(), Cdnow.CALIBRATION_END, Cdnow.HOLDOUT_END);
  }

  @Test
  void aShuffledFileSplitsAsItsEventsWithUsersOutsideTheCohortAndEventsAfterTheHoldout()
      throws IOException {
    // the sample's rows in random order (each user's rows out of time order), split early so that
    // some users first buy after the calibration end and the holdout ends before the file does
    List<String> lines = new ArrayList<>(Files.readAllLines(Cdnow.sample()));
    Collections.shuffle(lines, new Random(7));
    Path shuffled = Files.write(dir.resolve("shuffled.txt"), lines);

    CohortSplit split = assertSameSplit(shuffled, LocalDate.of(1997, 2, 15),
        LocalDate.of(1997, 12, 31));

    assertThat(split.usersWithoutCalibrationPurchase()).isPositive();
    assertThat(split.eventsAfterHoldout()).isPositive();
  }

  private static CohortSplit assertSameSplit(Path file, LocalDate calibrationEnd,
      LocalDate holdoutEnd) throws IOException {
    CohortSplit held = CohortSplit.of(CdnowReader.read(file).events(), calibrationEnd, holdoutEnd);
    CohortSplit columnar = CohortSplit.of(CdnowReader.readColumns(file, records -> { }).events(),
        calibrationEnd, holdoutEnd);

    assertThat(columnar.eventsRead()).isEqualTo(held.eventsRead());
    assertThat(columnar.eventsAfterHoldout()).isEqualTo(held.eventsAfterHoldout());
    assertThat(columnar.usersWithoutCalibrationPurchase())
        .isEqualTo(held.usersWithoutCalibrationPurchase());
    assertThat(columnar.actuals().transactions()).isEqualTo(held.actuals().transactions());
    assertThat(columnar.actuals().spend()).isEqualTo(held.actuals().spend());
    assertThat(columnar.actualCumulativeTracking()).isEqualTo(held.actualCumulativeTracking());
    List<UserHistory> heldUsers = held.calibration().users();
    List<UserHistory> columnarUsers = columnar.calibration().users();
    assertThat(columnarUsers).hasSameSizeAs(heldUsers).isNotEmpty();
    for (int i = 0; i < heldUsers.size(); i++) {
      UserHistory expected = heldUsers.get(i);
      UserHistory actual = columnarUsers.get(i);
      assertThat(actual.userId()).isEqualTo(expected.userId());
      assertThat(actual.rfm()).isEqualTo(expected.rfm());
      // the events the network samples and scores: equal, time order, holdout left out
      assertThat(actual.events()).as(expected.userId()).containsExactlyElementsOf(expected.events());
    }
    return columnar;
  }
}
