package io.ltvstream.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventTimeParserTest {
  private final EventTimeParser auto = new EventTimeParser(null, ZoneId.of("UTC"));

  @ParameterizedTest
  @CsvSource({
      "2024-03-01T10:15:30Z,          2024-03-01T10:15:30Z",
      "2024-03-01T12:15:30+02:00,     2024-03-01T10:15:30Z",
      "2024-03-01T10:15:30,           2024-03-01T10:15:30Z",
      "2024-03-01 10:15:30,           2024-03-01T10:15:30Z",
      "2024-03-01 10:15:30.250,       2024-03-01T10:15:30.250Z",
      "2024-03-01,                    2024-03-01T00:00:00Z",
      "19970101,                      1997-01-01T00:00:00Z",
      "1709288130,                    2024-03-01T10:15:30Z",
      "1709288130000,                 2024-03-01T10:15:30Z",
  })
  void readsTheCommonFormsAutomatically(String text, String expected) {
    assertThat(auto.parse(text)).contains(Instant.parse(expected));
  }

  @Test
  void readsLocalTimesInTheConfiguredZone() {
    EventTimeParser berlin = new EventTimeParser(null, ZoneId.of("Europe/Berlin"));
    assertThat(berlin.parse("2024-07-01 12:00:00")).contains(Instant.parse("2024-07-01T10:00:00Z"));
  }

  @Test
  void appliesAnExplicitPatternFirst() {
    EventTimeParser dayFirst = new EventTimeParser("dd/MM/yyyy HH:mm", ZoneId.of("UTC"));
    assertThat(dayFirst.parse("02/03/2024 10:00")).contains(Instant.parse("2024-03-02T10:00:00Z"));
  }

  @Test
  void epochPatternsForceTheUnit() {
    assertThat(new EventTimeParser("epoch_seconds", ZoneId.of("UTC")).parse("1000"))
        .contains(Instant.ofEpochSecond(1000));
    assertThat(new EventTimeParser("epoch_millis", ZoneId.of("UTC")).parse("1000"))
        .contains(Instant.ofEpochMilli(1000));
  }

  @Test
  void garbageIsEmptyNotAnException() {
    assertThat(auto.parse("not a date")).isEmpty();
    assertThat(auto.parse("2024-13-45")).isEmpty();
    assertThat(auto.parse("")).isEmpty();
    assertThat(auto.parse(null)).isEmpty();
  }

  @Test
  void anInvalidPatternIsAConfigurationError() {
    assertThatThrownBy(() -> new EventTimeParser("yyyy-MM-dd {{", ZoneId.of("UTC")))
        .isInstanceOf(MappingException.class).hasMessageContaining("time.pattern");
  }

  @Test
  void anExplicitPatternIsStrict() {
    EventTimeParser dayFirst = new EventTimeParser("dd/MM/yyyy HH:mm", ZoneId.of("UTC"));
    assertThat(dayFirst.parse("2024-03-01T10:00:00Z")).isEmpty();
    assertThat(dayFirst.parse("03/01/2024")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"01/07/2011 08:26", "7/1/2011", "01.07.2011", "01-07-2011 08:26:00"})
  void neverGuessesBetweenDayFirstAndMonthFirst(String text) {
    assertThat(auto.parse(text)).isEmpty();
    assertThat(auto.ambiguity(text)).hasValueSatisfying(why -> assertThat(why).contains("time.pattern"));
  }

  @ParameterizedTest
  @CsvSource({
      "25/12/2011 08:26, 2011-12-25T08:26:00Z",
      "12/25/2011,       2011-12-25T00:00:00Z",
      "05/05/2011,       2011-05-05T00:00:00Z"})
  void readsASlashDateWhenOnlyOneReadingIsADate(String text, String expected) {
    assertThat(auto.parse(text)).contains(Instant.parse(expected));
    assertThat(auto.ambiguity(text)).isEmpty();
  }
}
