package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.cli.testdata.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The demo's settings are checked before it starts a broker, as usage errors with their reason. */
class DemoCommandTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--users|0|the demo needs at least 10 users, got 0",
      "--days|5|the demo needs at least 60 days of history",
      "--training-share|1.5|between 0 and 1 (both excluded), got 1.5",
      "--training-share|0|between 0 and 1 (both excluded), got 0.0"})
  void aSettingTheDemoCannotRunIsAUsageErrorBeforeItStarts(String option, String value, String reason) {
    CliRun run = CliRun.of("demo", option, value);

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(reason).doesNotContain("Exception", "\tat ");
  }
}
