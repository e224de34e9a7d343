package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;

/**
 * Customers who never drop out, some with hundreds of purchases, as the wholesale buyers of a
 * real online-retail log on which both fits used to fail (Pareto/NBD: s ran to 0 and its 2F1
 * needed more than 2 million terms; BG/NBD: a ran to 0). Both are now reported as their
 * no-dropout limit, the NBD, and predict the holdout from its closed form.
 */
class NoDropoutFitTest {
  private static final Nbd TRUTH = new Nbd(0.5, 1.0);
  private static final NoDropoutCustomers SHOP =
      NoDropoutCustomers.simulate(TRUTH, 3000, 39, 20);

  @Test
  void theShopHasHeavyBuyers() {
    assertThat(SHOP.maxFrequency()).isGreaterThan(300);
    assertThat(SHOP.holdoutTransactions()).isEqualTo(57_339);
  }

  @Test
  void paretoNbdIsReportedAsTheNbdLimitAndPredictsTheHoldout() {
    Fitted<TransactionModel> fitted = ParetoNbd.fitOrLimit(SHOP.table());

    assertThat(fitted.limit()).hasValueSatisfying(limit -> {
      assertThat(limit.model()).isEqualTo("NBD");
      assertThat(limit.boundary()).isEqualTo("s/beta -> 0");
      assertThat(limit.warning())
          .startsWith("Pareto/NBD reached its no-dropout limit (s/beta -> 0)")
          .contains("P(alive) = 1");
    });
    assertNbdPredictsTheHoldout(fitted);
  }

  @Test
  void bgNbdIsReportedAsTheNbdLimitAndPredictsTheHoldout() {
    Fitted<TransactionModel> fitted = BgNbd.fitOrLimit(SHOP.table());

    assertThat(fitted.limit()).hasValueSatisfying(limit -> {
      assertThat(limit.model()).isEqualTo("NBD");
      assertThat(limit.boundary()).isEqualTo("a/(a+b) -> 0");
      assertThat(limit.warning())
          .startsWith("BG/NBD reached its no-dropout limit (a/(a+b) -> 0)");
    });
    assertNbdPredictsTheHoldout(fitted);
  }

  @Test
  void aCallerThatNeedsTheModelsOwnParametersIsToldItReachedTheLimit() {
    assertThatThrownBy(() -> BgNbd.fit(SHOP.table()))
        .isInstanceOf(ModelFitException.class)
        .hasMessageContaining("BG/NBD reached its no-dropout limit (a/(a+b) -> 0)")
        .hasMessageContaining("BG/NBD has no parameters of its own there");
  }

  private static void assertNbdPredictsTheHoldout(Fitted<TransactionModel> fitted) {
    assertThat(fitted.model()).isInstanceOf(Nbd.class);
    Nbd nbd = (Nbd) fitted.model();
    assertThat(nbd.r()).isCloseTo(TRUTH.r(), withPercentage(5));
    assertThat(nbd.alpha()).isCloseTo(TRUTH.alpha(), withPercentage(5));
    assertThat(fitted.logLikelihood()).isEqualTo(nbd.logLikelihood(SHOP.table()));
    // Actual 57,339; the NBD's conditional expectations sum to 56,969 (-0.6%).
    assertThat(SHOP.predictedHoldoutTransactions(nbd))
        .isCloseTo(SHOP.holdoutTransactions(), withPercentage(2));
    // A heavy buyer silent for half the calibration is still alive.
    assertThat(nbd.probabilityAlive(300, 39, 78)).isEqualTo(1.0);
  }
}
