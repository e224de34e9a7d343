package io.ltvstream.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketCalendarTest {
  @TempDir Path dir;

  @Test
  void readsHolidaysPromotionsAndRegions() throws Exception {
    Path file = dir.resolve("cal.csv");
    Files.writeString(file, "date,holiday,promotion,region\n2025-05-05,Early May bank holiday,false,\n"
        + "2025-05-02,,true\n2025-05-26,Spring bank holiday,yes,uk\n");
    MarketCalendar calendar = MarketCalendar.read(file);
    assertThat(calendar.days()).hasSize(3);
    assertThat(calendar.covers(LocalDate.parse("2025-05-01"))).isFalse();
    assertThat(calendar.daysToNextHoliday(LocalDate.parse("2025-05-02"), null)).isEqualTo(3);
    assertThat(calendar.inPromotion(LocalDate.parse("2025-05-02"), null)).isTrue();
    assertThat(calendar.daysToNextHoliday(LocalDate.parse("2025-05-10"), null)).as("the only later one is uk's").isEqualTo(-1);
    assertThat(calendar.daysToNextHoliday(LocalDate.parse("2025-05-10"), "uk")).isEqualTo(16);
    assertThat(calendar.inPromotion(LocalDate.parse("2025-05-26"), null)).isFalse();
    assertThat(calendar.daysToNextHoliday(LocalDate.parse("2025-06-01"), "uk")).as("not covered").isEqualTo(-1);
  }

  @Test
  void aMalformedRowIsRefusedNamingItsLine() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "date,holiday,promotion\n2025-05-05,x,false\n05/05/2025,y,false\n");
    assertThatThrownBy(() -> MarketCalendar.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3").hasMessageContaining("05/05/2025");
    Files.writeString(file, "date,holiday,promotion\n2025-05-05,x,maybe\n");
    assertThatThrownBy(() -> MarketCalendar.read(file)).hasMessageContaining("promotion 'maybe'");
  }

  @Test
  void theUkBankHolidayExampleCoversItsYears() throws Exception {
    MarketCalendar uk = MarketCalendar.read(Path.of("../examples/uk-bank-holidays.csv"));
    assertThat(uk.covers(LocalDate.parse("2010-12-01"))).isTrue();
    assertThat(uk.daysToNextHoliday(LocalDate.parse("2010-12-24"), null)).isEqualTo(3); // 27 Dec 2010, substitute day
  }
}
