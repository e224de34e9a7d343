package io.ltvstream.scorer.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowScanTest {
  @Test
  void aPassRoundTripsWhereverItStands() {
    WindowScan started = WindowScan.startingOn(20_244);
    WindowScan resumed = started.after("user-é-0042");
    WindowScan done = resumed.completed();
    for (WindowScan scan : new WindowScan[] {started, resumed, done}) {
      assertThat(WindowScan.decode(scan.encode())).isEqualTo(scan);
    }
    assertThat(resumed.cursor()).isEqualTo("user-é-0042");
    assertThat(done.cursor()).isNull();
    assertThat(done.complete()).isTrue();
    assertThat(done.startDay()).isEqualTo(20_244);
  }

  @Test
  void foreignOrTruncatedBytesAreRefusedWithAReason() {
    byte[] bytes = WindowScan.startingOn(1).encode();
    bytes[0] = 9;
    assertThatThrownBy(() -> WindowScan.decode(bytes)).hasMessageContaining("Unknown monitoring-scan format 9");
    assertThatThrownBy(() -> WindowScan.decode(new byte[] {1, 0, 0}))
        .hasMessageContaining("Truncated monitoring scan (3 bytes)");
  }
}
