package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NbdTest {
  private static final Nbd NBD = new Nbd(0.5, 2.0);

  @Test
  void isTheLimitOfBgNbdAndParetoNbdWithoutDropout() {
    // Dropout probability p ~ Beta(1e-40, 3) and dropout rate mu ~ Gamma(1e-40, 15): nearly 0.
    // So near, because the limit is not uniform: after 40 purchases and 29 weeks of silence the
    // dropout term of BG/NBD's likelihood is a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x), a times 1e21.
    BgNbd bgNbd = new BgNbd(0.5, 2.0, 1e-40, 3);
    ParetoNbd paretoNbd = new ParetoNbd(0.5, 2.0, 1e-40, 15);
    for (double[] c : new double[][] {{0, 0, 38.86}, {2, 30.43, 38.86}, {40, 10, 38.86}}) {
      int x = (int) c[0];
      double tx = c[1];
      double age = c[2];
      for (TransactionModel m : new TransactionModel[] {bgNbd, paretoNbd}) {
        assertThat(NBD.logLikelihood(x, tx, age)).as("%s %s", m, x)
            .isCloseTo(m.logLikelihood(x, tx, age), within(1e-9));
        assertThat(NBD.conditionalExpectedTransactions(39, x, tx, age)).as("%s %s", m, x)
            .isCloseTo(m.conditionalExpectedTransactions(39, x, tx, age), within(1e-9));
        assertThat(NBD.probabilityAlive(x, tx, age)).isCloseTo(m.probabilityAlive(x, tx, age),
            within(1e-9));
      }
    }
    assertThat(NBD.expectedTransactions(39)).isCloseTo(bgNbd.expectedTransactions(39),
        within(1e-9)).isCloseTo(paretoNbd.expectedTransactions(39), within(1e-9));
  }

  @Test
  void closedForms() {
    assertThat(NBD.conditionalExpectedTransactions(39, 4, 20, 38)).isEqualTo(4.5 / 40 * 39);
    assertThat(NBD.expectedTransactions(10)).isEqualTo(2.5);
    assertThat(NBD.probabilityAlive(4, 1, 38)).isEqualTo(1.0);
    assertThat(NBD.conditionalExpectedTransactions(0, 4, 20, 38)).isZero();
  }

  @Test
  void tableLikelihoodIsTheSumOverCustomers() {
    int[] x = {0, 0, 2, 7, 300};
    double[] tx = {0, 0, 30.43, 35.1, 70};
    double[] age = {38.86, 20, 38.86, 38.86, 78};
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += NBD.logLikelihood(x[i], tx[i], age[i]);
    }
    assertThat(NBD.logLikelihood(RfmTable.of(x, tx, age))).isCloseTo(sum, within(1e-9));
  }

  @Test
  void parametersMustBePositive() {
    assertThatThrownBy(() -> new Nbd(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r=0.0");
  }
}
