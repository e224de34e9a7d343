package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * BG/BB against Fader, Hardie and Shang (2010) on their donations data (the 1995 cohort, six
 * yearly opportunities; test resource donations.csv, from the lifetimes package), and against
 * customers simulated from its story; its no-dropout limit, the beta-binomial.
 */
class BgBbTest {
  /** One row per donor: x, t_x, n. */
  private record Donors(int[] x, double[] tx, double[] n) {
    RfmTable table() {
      return RfmTable.of(x, tx, n);
    }
  }

  private static Donors donations() throws IOException {
    List<int[]> rows = new ArrayList<>();
    try (InputStream in = BgBbTest.class.getResourceAsStream("donations.csv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#") || line.startsWith("frequency") || line.isBlank()) {
          continue;
        }
        String[] f = line.trim().split(",");
        int[] row = {Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])};
        for (int k = Integer.parseInt(f[3]); k > 0; k--) {
          rows.add(row);
        }
      }
    }
    int[] x = new int[rows.size()];
    double[] tx = new double[rows.size()];
    double[] n = new double[rows.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rows.get(i)[0];
      tx[i] = rows.get(i)[1];
      n[i] = rows.get(i)[2];
    }
    return new Donors(x, tx, n);
  }

  @Test
  void theDonationsFitReproducesFaderHardieShang2010() throws IOException {
    Donors donors = donations();
    assertThat(donors.x()).hasSize(11_104);
    Fitted<TransactionModel> fitted = BgBb.fitOrLimit(donors.table());

    assertThat(fitted.limit()).isEmpty();
    BgBb m = (BgBb) fitted.model();
    assertThat(m.alpha()).isCloseTo(1.204, within(0.0015));
    assertThat(m.beta()).isCloseTo(0.750, within(0.0015));
    assertThat(m.gamma()).isCloseTo(0.657, within(0.0015));
    assertThat(m.delta()).isCloseTo(2.783, within(0.0015));
    // Table 6, P(alive in 2002): last donation in 1995 (x = 0), in 1999 with two, in 2001 with six
    assertThat(m.probabilityAlive(0, 0, 6)).isCloseTo(0.11, within(0.005));
    assertThat(m.probabilityAlive(2, 4, 6)).isCloseTo(0.59, within(0.005));
    assertThat(m.probabilityAlive(6, 6, 6)).isCloseTo(0.93, within(0.005));
    // Hardie's spreadsheet ("Conditional Expectations (II)"): 12,884.2 donations in 2002-2006
    double total = 0;
    for (int i = 0; i < donors.x().length; i++) {
      total += m.conditionalExpectedTransactions(5, donors.x()[i], donors.tx()[i], donors.n()[i]);
    }
    assertThat(total).isCloseTo(12_884.2, within(1.0));
  }

  @Test
  void expectationsAndPurchaseProbabilitiesMatchSimulatedCustomers() {
    BgBb truth = new BgBb(1.2, 8.0, 0.6, 20.0);
    RandomGenerator random = new Well19937c(2010);
    BetaDistribution buy = new BetaDistribution(random, truth.alpha(), truth.beta());
    BetaDistribution drop = new BetaDistribution(random, truth.gamma(), truth.delta());
    int customers = 40_000;
    int n = 30;
    int horizon = 20;
    double expected = 0;
    double probability = 0;
    double unconditional = 0;
    long actual = 0;
    long bought = 0;
    long calibration = 0;
    for (int c = 0; c < customers; c++) {
      double p = buy.sample();
      double theta = drop.sample();
      int x = 0;
      int tx = 0;
      int later = 0;
      for (int t = 1; t <= n + horizon; t++) {
        if (random.nextDouble() < theta) {
          break;
        }
        if (random.nextDouble() < p) {
          if (t <= n) {
            x++;
            tx = t;
          } else {
            later++;
          }
        }
      }
      expected += truth.conditionalExpectedTransactions(horizon, x, tx, n);
      probability += truth.probabilityOfPurchase(horizon, x, tx, n);
      actual += later;
      bought += later > 0 ? 1 : 0;
      calibration += x;
      unconditional += truth.expectedTransactions(n);
    }
    // sums of independent customers: within 4 standard errors (Poisson-like bounds)
    assertThat(expected).isCloseTo(actual, within(4 * Math.sqrt(3.0 * actual)));
    assertThat(probability).isCloseTo(bought, within(4 * Math.sqrt(bought)));
    assertThat(unconditional).isCloseTo(calibration, within(4 * Math.sqrt(3.0 * calibration)));
  }

  @Test
  void customersWhoNeverDropOutAreReportedAsTheBetaBinomialLimit() {
    RandomGenerator random = new Well19937c(7);
    BetaDistribution buy = new BetaDistribution(random, 0.8, 6.0);
    int customers = 3_000;
    int[] x = new int[customers];
    double[] tx = new double[customers];
    double[] n = new double[customers];
    for (int c = 0; c < customers; c++) {
      double p = buy.sample();
      n[c] = 60 + random.nextInt(120);
      for (int t = 1; t <= n[c]; t++) {
        if (random.nextDouble() < p) {
          x[c]++;
          tx[c] = t;
        }
      }
    }
    Fitted<TransactionModel> fitted = BgBb.fitOrLimit(RfmTable.of(x, tx, n));

    assertThat(fitted.limit()).hasValueSatisfying(limit -> {
      assertThat(limit.model()).isEqualTo("beta-binomial");
      assertThat(limit.warning()).startsWith("BG/BB reached its no-dropout limit");
    });
    BetaBinomial limit = (BetaBinomial) fitted.model();
    assertThat(limit.alpha() / (limit.alpha() + limit.beta())).isCloseTo(0.8 / 6.8, within(0.01));
    assertThat(limit.probabilityAlive(0, 0, 100)).isEqualTo(1.0);
  }

  /**
   * One-time buyers beside customers who never drop out: BG/BB's two-point dropout boundary
   * (gamma, delta -> 0), where its fit used to fail with "gamma ran to 1.2e-13, the edge of the
   * search box" on the wholesale buyers of EvaluateCommandTest.
   */
  @Test
  void oneTimeBuyersAmongCustomersWhoStayAreReportedAsTheTwoPointLimit() {
    RandomGenerator random = new Well19937c(11);
    BetaDistribution buy = new BetaDistribution(random, 0.8, 6.0);
    int customers = 3_000;
    int[] x = new int[customers];
    double[] tx = new double[customers];
    double[] n = new double[customers];
    for (int c = 0; c < customers; c++) {
      double p = buy.sample();
      n[c] = 60 + random.nextInt(120);
      if (random.nextDouble() < 0.3) {
        continue; // gone before the first opportunity
      }
      for (int t = 1; t <= n[c]; t++) {
        if (random.nextDouble() < p) {
          x[c]++;
          tx[c] = t;
        }
      }
    }
    RfmTable data = RfmTable.of(x, tx, n);
    Fitted<TransactionModel> fitted = BgBb.fitOrLimit(data);

    assertThat(fitted.limit()).hasValueSatisfying(limit -> {
      assertThat(limit.model()).isEqualTo("beta-binomial with one-time buyers");
      assertThat(limit.boundary()).isEqualTo("gamma, delta -> 0");
    });
    OneTimeBuyersBetaBinomial limit = (OneTimeBuyersBetaBinomial) fitted.model();
    double se = ObservedInformation.standardErrors(limit, data).get("pi");
    assertThat(limit.pi()).isCloseTo(0.3, within(3 * se));
    // it is BG/BB at gamma = pi eps, delta = (1 - pi) eps
    BgBb near = new BgBb(limit.alpha(), limit.beta(), limit.pi() * 1e-6, (1 - limit.pi()) * 1e-6);
    assertThat(limit.logLikelihood(data)).isCloseTo(near.logLikelihood(data), within(0.05));
    assertThat(limit.probabilityAlive(0, 0, 100))
        .isCloseTo(near.probabilityAlive(0, 0, 100), within(1e-4));
  }
}
