package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RfmTableTest {
  @Test
  void customersSharingAHistoryShareARow() {
    RfmTable table = RfmTable.of(new int[] {0, 0, 1, 1, 0}, new double[] {0, 0, 2, 2, 0},
        new double[] {30, 30, 30, 30, 20});

    assertThat(table.customers()).isEqualTo(5);
    assertThat(table.rows()).isEqualTo(3);
    double weights = 0;
    for (int i = 0; i < table.rows(); i++) {
      weights += table.weight(i);
    }
    assertThat(weights).isEqualTo(5.0);
    assertThat(table.times()).containsExactly(0.0, 2.0, 20.0, 30.0);
    // points: (0, 0), (0, 30), (0, 20), (1, 2), (1, 30)
    assertThat(table.points()).isEqualTo(5);
  }

  @Test
  void recencyAfterAgeIsRejectedNamingTheCustomer() {
    assertThatThrownBy(() -> RfmTable.of(new int[] {0, 2}, new double[] {0, 31},
        new double[] {30, 30}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer 1");
  }
}
