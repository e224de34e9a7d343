package io.ltvstream.core.state;

import static io.ltvstream.core.state.Events.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UserStateCodecTest {
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

  @Test
  void roundTripKeepsEverything() {
    UserState state = busyUser();
    UserState back = UserStateCodec.decode(UserStateCodec.encode(state));
    assertThat(back).isEqualTo(state);
    assertThat(back.windowSpend(30, state.lastEventMillis())).isEqualTo(state.windowSpend(30, state.lastEventMillis()));
  }

  @Test
  void aFormatOneStateIsMigratedWithItsMeanSpendAsTheFirstDaysSpend() {
    UserState state = busyUser();
    byte[] current = UserStateCodec.encode(state);
    // format 1: the same layout with 4 reserved bytes where format 2 keeps the first day's spend
    int at = 1 + 4 * 8 + 3 * 4;
    byte[] previous = new byte[current.length - 4];
    System.arraycopy(current, 0, previous, 0, at);
    System.arraycopy(current, at + 8, previous, at + 4, current.length - at - 8);
    previous[0] = 1;

    UserState migrated = UserStateCodec.decode(previous);

    long at0 = state.lastEventMillis();
    assertThat(migrated.rfm(at0).frequency()).isEqualTo(state.rfm(at0).frequency());
    assertThat(migrated.rfm(at0).monetaryValue()).isCloseTo(state.meanSpendPerPurchaseDay(), within(1e-9));
    assertThat(migrated.hidden()).containsExactly(state.hidden());
    assertThat(UserStateCodec.encode(migrated)[0]).isEqualTo(UserStateCodec.FORMAT_VERSION);
    assertThat(state.rfm(at0).monetaryValue()).as("format 2 keeps the first day apart")
        .isNotEqualTo(state.meanSpendPerPurchaseDay());
  }

  @Test
  void aUserWithA32UnitLstmFitsIn512Bytes() {
    UserState state = busyUser();
    byte[] bytes = UserStateCodec.encode(state);
    assertThat(bytes.length).isEqualTo(UserStateCodec.size(state)).isLessThanOrEqualTo(512);
  }

  @Test
  void truncatedOrForeignBytesAreRefusedWithAReason() {
    byte[] bytes = UserStateCodec.encode(busyUser());
    assertThatThrownBy(() -> UserStateCodec.decode(Arrays.copyOf(bytes, 100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Truncated");
    bytes[0] = 9;
    assertThatThrownBy(() -> UserStateCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
  }
}
