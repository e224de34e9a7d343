package io.ltvstream.core.state;

import static io.ltvstream.core.state.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UserStateCodecTest {
  /** The scorer's default: replay steps kept per user ({@code scorer.recent.steps}). */
  private static final int DEFAULT_REPLAY_STEPS = 4;
  /** A user key as the pipeline writes it: a pseudonym of 64 hex characters. */
  private static final int PSEUDONYM_BYTES = 64;

  /** 28 purchase days, a 32-unit LSTM (the trainer's default) with a 17-character version. */
  private static UserState busyUser() {
    UserState state = new UserState();
    for (int d = 1; d <= 28; d++) {
      state.update(purchase(String.format("2026-02-%02dT12:00:00Z", d), d * 1.5), Duration.ZERO);
    }
    state.resetRecurrent("lstm-0123456789ab", 32);
    for (int i = 0; i < 32; i++) {
      state.hidden()[i] = i / 32f;
      state.cell()[i] = -i / 7f;
    }
    return state;
  }

  /** {@link #busyUser} with every ring full at the scorer's defaults. */
  private static UserState busyUserWithFullRings() {
    UserState state = busyUser();
    for (int d = 1; d <= RecentEventIds.CAPACITY; d++) {
      state.update(purchase(String.format("2026-03-%02dT12:00:00Z", Math.min(d, 31)), 2), Duration.ZERO);
    }
    float[] step = new float[StepVectors.SIZE];
    for (int s = 0; s < DEFAULT_REPLAY_STEPS; s++) {
      Arrays.fill(step, 1, StepVectors.SIZE, s + 0.25f);
      state.replaySteps().append(step, DEFAULT_REPLAY_STEPS);
    }
    return state;
  }

  /** {@link #busyUserWithFullRings} in the middle of a monitoring window opened by its model. */
  private static UserState busyUserInAWindow() {
    UserState state = busyUserWithFullRings();
    state.monitoredWindow().open(20_530, 28, state.modelVersion(), 41.5, 2.25, 0.8125);
    state.update(purchase("2026-04-02T18:00:00Z", 7.5), Duration.ZERO);
    return state;
  }

  /** A format-3 state as the previous release's codec wrote it for {@link #busyUserWithFullRings}. */
  private static byte[] formatThreeBusyUserWithFullRings() throws IOException {
    try (InputStream in = UserStateCodecTest.class.getResourceAsStream("user-state-format-3.hex")) {
      return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
    }
  }

  /**
   * A format-4 state as the ByteBuffer codec before the reusable one wrote it for {@link
   * #busyUserInAWindow} with its window opened by another model version, {@code lstm-aaaaaaaaaaaa}.
   */
  private static byte[] formatFourBusyUserInAnotherModelsWindow() throws IOException {
    try (InputStream in = UserStateCodecTest.class.getResourceAsStream("user-state-format-4.hex")) {
      return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
    }
  }

  private static UserState busyUserInAnotherModelsWindow() {
    UserState state = busyUserWithFullRings();
    state.monitoredWindow().open(20_530, 28, "lstm-aaaaaaaaaaaa", 41.5, 2.25, 0.8125);
    state.update(purchase("2026-04-02T18:00:00Z", 7.5), Duration.ZERO);
    return state;
  }

  /** A format-2 state as the previous release's codec wrote it for {@link #busyUser}. */
  private static byte[] formatTwoBusyUser() throws IOException {
    try (InputStream in = UserStateCodecTest.class.getResourceAsStream("user-state-format-2.hex")) {
      return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
    }
  }

  @Test
  void roundTripKeepsEverything() {
    UserState state = busyUserWithFullRings();
    UserState back = UserStateCodec.decode(UserStateCodec.encode(state));
    assertThat(back).isEqualTo(state);
    assertThat(back.recentEventIds().size()).isEqualTo(RecentEventIds.CAPACITY);
    assertThat(back.replaySteps().size()).isEqualTo(DEFAULT_REPLAY_STEPS);
    assertThat(back.windowSpend(30, state.lastEventMillis())).isEqualTo(state.windowSpend(30, state.lastEventMillis()));
  }

  @Test
  void anOpenWindowRoundTripsWithItsPredictionAndOutcome() {
    UserState state = busyUserInAWindow();
    UserState back = UserStateCodec.decode(UserStateCodec.encode(state));
    assertThat(back).isEqualTo(state);
    MonitoredWindow.Outcome outcome = back.monitoredWindow().close();
    assertThat(outcome.startDay()).isEqualTo(20_530);
    assertThat(outcome.horizonDays()).isEqualTo(28);
    assertThat(outcome.modelVersion()).isEqualTo("lstm-0123456789ab");
    assertThat(outcome.predictedValue()).isEqualTo(41.5);
    assertThat(outcome.predictedTransactions()).isEqualTo(2.25);
    assertThat(outcome.pActive()).isEqualTo(0.8125);
    assertThat(outcome.realisedValue()).as("the purchase of 2026-04-02 (day 20,545)").isEqualTo(7.5);
    assertThat(outcome.realisedTransactions()).isEqualTo(1);
    assertThat(outcome.active()).isTrue();
  }

  @Test
  void aWindowOpenedByTheModelBeforeAHotSwapKeepsThatModelsVersion() {
    UserState state = busyUserInAWindow();
    state.resetRecurrent("gru-fedcba9876543210", 32);
    UserState back = UserStateCodec.decode(UserStateCodec.encode(state));
    assertThat(back.modelVersion()).isEqualTo("gru-fedcba9876543210");
    assertThat(back.monitoredWindow().modelVersion()).isEqualTo("lstm-0123456789ab");
    assertThat(UserStateCodec.size(back)).isEqualTo(UserStateCodec.size(busyUserInAWindow()) + 3 + 17);
  }

  @Test
  void everythingTheScorerKeepsPerUserFitsInOneKilobyte() {
    UserState state = busyUserInAWindow();
    byte[] value = UserStateCodec.encode(state);
    assertThat(value.length).isEqualTo(UserStateCodec.size(state)).isEqualTo(910);
    assertThat(PSEUDONYM_BYTES + value.length).as("key plus value of the one store").isLessThanOrEqualTo(1024);
    state.resetRecurrent("lstm-fedcba987654", 32); // just after a hot swap: the window names its own model
    assertThat(PSEUDONYM_BYTES + UserStateCodec.size(state)).isEqualTo(991);
  }

  @Test
  void theReusableCodecWritesTheBytesOfThePreviousFormatFourCodec() throws IOException {
    byte[] golden = formatFourBusyUserInAnotherModelsWindow();
    UserStateCodec codec = new UserStateCodec();
    UserState read = new UserState();
    codec.read(golden, read);
    assertThat(codec.write(read)).as("the same bytes, byte for byte").isEqualTo(golden);
    // the fixture's event ids come from its run's own counter; everything else is this user's
    UserState expected = busyUserInAnotherModelsWindow();
    long at = expected.lastEventMillis();
    assertThat(read.rfm(at)).isEqualTo(expected.rfm(at));
    assertThat(read.windowSpend(30, at)).isEqualTo(expected.windowSpend(30, at));
    assertThat(read.hidden()).containsExactly(expected.hidden());
    assertThat(read.cell()).containsExactly(expected.cell());
    assertThat(read.replaySteps()).isEqualTo(expected.replaySteps());
    assertThat(read.recentEventIds().size()).isEqualTo(RecentEventIds.CAPACITY);
    assertThat(read.monitoredWindow()).isEqualTo(expected.monitoredWindow());
    assertThat(read.modelVersion()).isEqualTo(expected.modelVersion());
  }

  @Test
  void decodingIntoAReusedStateGivesAFreshDecodeWhateverTheStateHeldBefore() throws IOException {
    UserState small = new UserState();
    small.update(purchase("2026-01-05T10:00:00Z", 3), Duration.ZERO);
    small.resetRecurrent("gru-small", 8);
    UserState fewSteps = busyUser();
    fewSteps.replaySteps().append(new float[StepVectors.SIZE], DEFAULT_REPLAY_STEPS);
    // each value follows one with more steps, ids or units, an open window or another version
    byte[][] values = {UserStateCodec.encode(busyUserInAWindow()), UserStateCodec.encode(small),
        formatFourBusyUserInAnotherModelsWindow(), UserStateCodec.encode(fewSteps), formatThreeBusyUserWithFullRings(),
        formatTwoBusyUser(), UserStateCodec.encode(busyUserInAWindow()), UserStateCodec.encode(new UserState())};
    UserStateCodec codec = new UserStateCodec();
    UserState reused = new UserState();
    for (byte[] value : values) {
      codec.read(value, reused);
      UserState fresh = UserStateCodec.decode(value);
      assertThat(reused).isEqualTo(fresh);
      assertThat(reused.monitoredWindow()).isEqualTo(fresh.monitoredWindow());
      assertThat(reused.recentEventIds().size()).isEqualTo(fresh.recentEventIds().size());
      assertThat(codec.write(reused)).isEqualTo(UserStateCodec.encode(fresh));
    }
  }

  @Test
  void aClearedStateIsANewUser() {
    UserState state = busyUserInAWindow();
    state.clear();
    assertThat(state).isEqualTo(new UserState());
    assertThat(UserStateCodec.encode(state)).isEqualTo(UserStateCodec.encode(new UserState()));
  }

  @Test
  void aFormatThreeStateIsReadWithItsEventIdsAndReplayStepsAndNoWindow() throws IOException {
    UserState expected = busyUserWithFullRings();
    UserState migrated = UserStateCodec.decode(formatThreeBusyUserWithFullRings());

    long at = expected.lastEventMillis();
    assertThat(migrated.rfm(at)).isEqualTo(expected.rfm(at));
    assertThat(migrated.windowSpend(30, at)).isEqualTo(expected.windowSpend(30, at));
    assertThat(migrated.hidden()).containsExactly(expected.hidden());
    assertThat(migrated.replaySteps()).isEqualTo(expected.replaySteps());
    assertThat(migrated.recentEventIds().size()).isEqualTo(RecentEventIds.CAPACITY);
    assertThat(migrated.monitoredWindow().isOpen()).isFalse();
    // the fixture's user applied events e0..e59 (its own counter); the ring holds the last 32
    assertThat(migrated.update(Events.withId("e59", "2026-03-31T12:00:00Z"), Duration.ZERO).kind())
        .isEqualTo(UpdateOutcome.Kind.DUPLICATE);
    assertThat(migrated.update(Events.withId("e28", "2026-03-31T12:00:00Z"), Duration.ZERO).kind())
        .isEqualTo(UpdateOutcome.Kind.DUPLICATE);
    assertThat(migrated.update(Events.withId("e27", "2026-03-31T12:00:00Z"), Duration.ZERO).kind())
        .as("forgotten before the fixture was written").isEqualTo(UpdateOutcome.Kind.IN_ORDER);

    byte[] rewritten = UserStateCodec.encode(migrated);
    assertThat(rewritten[0]).isEqualTo(UserStateCodec.FORMAT_VERSION);
    assertThat(UserStateCodec.decode(rewritten)).isEqualTo(migrated);
  }

  @Test
  void aFormatTwoStateIsMigratedWithoutRingsAndWrittenBackAsFormatThree() throws IOException {
    UserState expected = busyUser();
    UserState migrated = UserStateCodec.decode(formatTwoBusyUser());

    long at = expected.lastEventMillis();
    assertThat(migrated.rfm(at)).isEqualTo(expected.rfm(at));
    assertThat(migrated.windowSpend(30, at)).isEqualTo(expected.windowSpend(30, at));
    assertThat(migrated.windowCount(365, at)).isEqualTo(expected.windowCount(365, at));
    assertThat(migrated.modelVersion()).isEqualTo(expected.modelVersion());
    assertThat(migrated.hidden()).containsExactly(expected.hidden());
    assertThat(migrated.cell()).containsExactly(expected.cell());
    assertThat(migrated.recentEventIds().size()).isZero();
    assertThat(migrated.replaySteps().size()).isZero();

    byte[] rewritten = UserStateCodec.encode(migrated);
    assertThat(rewritten[0]).isEqualTo(UserStateCodec.FORMAT_VERSION);
    assertThat(UserStateCodec.decode(rewritten)).isEqualTo(migrated);
  }

  @Test
  void aFormatOneStateIsMigratedWithItsMeanSpendAsTheFirstDaysSpend() throws IOException {
    UserState state = busyUser();
    byte[] formatTwo = formatTwoBusyUser();
    // format 1: the format-2 layout with 4 reserved bytes where format 2 keeps the first day's spend
    int at = 1 + 4 * 8 + 3 * 4;
    byte[] formatOne = new byte[formatTwo.length - 4];
    System.arraycopy(formatTwo, 0, formatOne, 0, at);
    System.arraycopy(formatTwo, at + 8, formatOne, at + 4, formatTwo.length - at - 8);
    formatOne[0] = 1;

    UserState migrated = UserStateCodec.decode(formatOne);

    long at0 = state.lastEventMillis();
    assertThat(migrated.rfm(at0).frequency()).isEqualTo(state.rfm(at0).frequency());
    assertThat(migrated.rfm(at0).monetaryValue()).isCloseTo(state.meanSpendPerPurchaseDay(), within(1e-9));
    assertThat(migrated.hidden()).containsExactly(state.hidden());
    assertThat(UserStateCodec.encode(migrated)[0]).isEqualTo(UserStateCodec.FORMAT_VERSION);
    assertThat(state.rfm(at0).monetaryValue()).as("later formats keep the first day apart")
        .isNotEqualTo(state.meanSpendPerPurchaseDay());
  }

  @Test
  void truncatedOrForeignBytesAreRefusedWithAReason() {
    byte[] bytes = UserStateCodec.encode(busyUserWithFullRings());
    assertThatThrownBy(() -> UserStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Truncated");
    bytes[0] = 9;
    assertThatThrownBy(() -> UserStateCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
  }
}
