package io.ltvstream.core.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Hypergeometric2F1Test {
  @ParameterizedTest(name = "2F1(1, 1; 2; {0}) = -ln(1-z)/z")
  @CsvSource({"0.5", "0.9", "0.999", "0.999999", "0.9999999999", "-0.5", "-0.95", "1e-9"})
  void logarithm(double z) {
    assertThat(Hypergeometric2F1.value(1, 1, 2, z))
        .isCloseTo(-Math.log1p(-z) / z, within(1e-13 * Math.abs(Math.log1p(-z) / z)));
  }

  @ParameterizedTest(name = "2F1({0}, b; b; {1}) = (1-z)^-a")
  @CsvSource({"0.3, 0.7", "2.5, 0.5", "7.0, 0.95", "-1.5, 0.4", "3.0, -0.8"})
  void binomial(double a, double z) {
    double expected = Math.pow(1 - z, -a);
    assertThat(Hypergeometric2F1.value(a, 4.2, 4.2, z)).isCloseTo(expected,
        within(1e-12 * expected));
  }

  @ParameterizedTest(name = "2F1(1, 2; 3; {0}) = -2 (ln(1-z) + z) / z^2")
  @CsvSource({"0.3", "0.999", "0.999999", "0.99999999"})
  void logarithmWithItsFirstTerm(double z) {
    double expected = -2 * (Math.log1p(-z) + z) / (z * z);
    assertThat(Hypergeometric2F1.value(1, 2, 3, z)).isCloseTo(expected, within(1e-12 * expected));
  }

  @ParameterizedTest(name = "2F1(1, 1; 3; {0}) = 2 ((1-z) ln(1-z) + z) / z^2")
  @CsvSource({"0.3", "0.999", "0.999999", "0.9999999999"})
  void convergentAtOne(double z) {
    double expected = 2 * ((1 - z) * Math.log1p(-z) + z) / (z * z);
    assertThat(Hypergeometric2F1.value(1, 1, 3, z)).isCloseTo(expected, within(1e-12 * expected));
  }

  @ParameterizedTest(name = "2F1(1/2, 1; 3/2; {0}) = atanh(sqrt z)/sqrt z")
  @CsvSource({"0.25", "0.999", "0.999999", "0.999999999999"})
  void inverseHyperbolicTangent(double z) {
    double root = Math.sqrt(z);
    // (1+w)/(1-w) = (1+w)^2/(1-z) for w = sqrt z, without the cancellation in 1 - w
    double expected = (Math.log1p(root) - 0.5 * Math.log1p(-z)) / root;
    assertThat(Hypergeometric2F1.value(0.5, 1, 1.5, z)).isCloseTo(expected,
        within(1e-12 * expected));
  }

  /**
   * Reference values from mpmath (40 digits) near z = 1, where the series would need about
   * 40 / (1 - z) terms: the Pareto/NBD A0 term 2F1(1, b; r+s+x+1; z) of a fit heading to no
   * dropout (s near 0, beta far above alpha) for a new and a heavy buyer, and other shapes.
   */
  @ParameterizedTest(name = "2F1({0}, {1}; {2}; {3}) = {4}")
  @CsvSource({
      "1, 1.553, 2.159, 0.999999, 628.59929196810655082",
      "1, 1.000001, 1.553001, 0.9999999999, 51989.195170013535156",
      "1, 1.000001, 401.553001, 0.999999, 1.0025027968629464533",
      "1, 400.553, 401.553001, 0.999999999, 5669.570563421665098",
      "1, 0.553, 1.553001, 0.99999999, 10.82039626295031083",
      "1, 1.25, 2.75, 0.9995, 3.3636011684047836714",
      "1, 5.553, 6.553001, 0.9999, 38.959002231861522676",
      "0.3, 2.1, 4.2, 0.9999999, 1.3027189749928933644",
      "2.5, 0.7, 3.1, 0.99999, 25.619533521114981097"})
  void matchesMpmathNearOne(double a, double b, double c, double z, double expected) {
    assertThat(Hypergeometric2F1.value(a, b, c, z)).isCloseTo(expected,
        offset(1e-12 * expected));
    assertThat(Hypergeometric2F1.logValue(a, b, c, z)).isCloseTo(Math.log(expected),
        within(1e-12 * Math.max(1, Math.abs(Math.log(expected)))));
  }

  /**
   * The Pareto/NBD A0 term of a customer without repeat purchases when r is tiny (r = 0.005,
   * s = 0.3): c - (s+1) = r, too small a power for the integral's nodes to reach its mass, so the
   * integral takes 1 as its Beta parameter instead (mpmath, 30 digits).
   */
  @ParameterizedTest(name = "ln 2F1(1, 1.3; 1.305; {0}) = {1}")
  @CsvSource({"0.9999, 9.1663620277121827979", "0.999999, 13.748507871444756135"})
  void integralAvoidsATinyPowerAtAnEnd(double z, double expected) {
    assertThat(Hypergeometric2F1.logUntransformed(1, 1.3, 1.305, z))
        .isCloseTo(expected, within(1e-12 * expected));
  }

  @Test
  void logValueNearOneDoesNotOverflow() {
    // mpmath: ln 2F1(150.243, 152.426; 152.219; 0.999) = 1039.2690726370860572 (~ 10^451)
    assertThat(Hypergeometric2F1.logValue(150.243, 152.426, 152.219, 0.999))
        .isCloseTo(1039.2690726370860572, within(1e-9));
  }

  @ParameterizedTest(name = "2F1(1/2, 1/2; 3/2; {0}^2) = asin(z)/z")
  @CsvSource({"0.1", "0.7", "0.99"})
  void arcsine(double x) {
    assertThat(Hypergeometric2F1.value(0.5, 0.5, 1.5, x * x))
        .isCloseTo(Math.asin(x) / x, within(1e-12));
  }

  @Test
  void terminatingSeriesIsAPolynomial() {
    double b = 2.7;
    double c = 1.3;
    double z = 0.6;
    double expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));
    assertThat(Hypergeometric2F1.value(-2, b, c, z)).isCloseTo(expected, within(1e-14));
  }

  @Test
  void gaussTheoremAtOne() {
    // Gamma(3) Gamma(1) / (Gamma(2) Gamma(2)) = 2
    assertThat(Hypergeometric2F1.value(1, 1, 3, 1)).isCloseTo(2.0, within(1e-12));
  }

  /**
   * Reference values from mpmath (30 digits) at the parameters the models use on CDNOW: the
   * BG/NBD conditional expectation 2F1(r+x, b+x; a+b+x-1; z) for frequencies up to 150 and
   * z = t/(alpha+T+t) up to 0.99, the unconditional one, and the Pareto/NBD A0 term both as
   * published, 2F1(r+s+x, s+1; r+s+x+1; z), and after the Euler transformation.
   */
  @ParameterizedTest(name = "2F1({0}, {1}; {2}; {3}) = {4}")
  @CsvSource({
      "0.243, 2.426, 2.219, 0.47, 1.1877407209496479341",
      "0.243, 2.426, 2.219, 0.89, 1.8895980614118981591",
      "0.243, 2.426, 2.219, 0.99, 4.3752613674085336655",
      "2.243, 4.426, 4.219, 0.47, 4.4930369340116209795",
      "2.243, 4.426, 4.219, 0.89, 197.46867196113111953",
      "2.243, 4.426, 4.219, 0.99, 68635.690064802065941",
      "10.243, 12.426, 12.219, 0.47, 748.36398807271392474",
      "10.243, 12.426, 12.219, 0.89, 10070442521.856938667",
      "10.243, 12.426, 12.219, 0.99, 7.6516922073726403157e+20",
      "50.243, 52.426, 52.219, 0.47, 81033292993603.989913",
      "50.243, 52.426, 52.219, 0.89, 2.2836952134370285394e+48",
      "50.243, 52.426, 52.219, 0.99, 7.8802699829252782661e+100",
      "150.243, 152.426, 152.219, 0.47, 3.0349013383043771555e+41",
      "150.243, 152.426, 152.219, 0.89, 1.6650351399327570287e+144",
      "150.243, 152.426, 152.219, 0.99, 7.9219875500541337767e+300",
      "0.243, 2.426, 2.219, 0.3, 1.1005185330854730076",
      "0.243, 2.426, 2.219, 0.947, 2.3984707417430451546",
      "1.159, 1.606, 2.159, 0.05, 1.0451181338784555248",
      "1.0, 0.553, 2.159, 0.05, 1.0131316622249715676",
      "1.159, 1.606, 2.159, 0.5, 1.7877398735374993919",
      "1.0, 0.553, 2.159, 0.5, 1.1745733674721455977",
      "1.159, 1.606, 2.159, 0.95, 9.977739097783984048",
      "1.0, 0.553, 2.159, 0.95, 1.6240820495361422398",
      "6.159, 1.606, 7.159, 0.05, 1.0732554907714816032",
      "1.0, 5.553, 7.159, 0.05, 1.0404078583176173441",
      "6.159, 1.606, 7.159, 0.5, 2.5195798809948181954",
      "1.0, 5.553, 7.159, 0.5, 1.6554038253782198731",
      "6.159, 1.606, 7.159, 0.95, 31.772690429406236363",
      "1.0, 5.553, 7.159, 0.95, 5.1716581969283934091",
      "61.159, 1.606, 62.159, 0.05, 1.0843917312111420461",
      "1.0, 60.553, 62.159, 0.05, 1.0512032673932408044",
      "61.159, 1.606, 62.159, 0.5, 2.9684919678263864613",
      "1.0, 60.553, 62.159, 0.5, 1.9503461653313725992",
      "61.159, 1.606, 62.159, 0.95, 86.914101111687016766",
      "1.0, 60.553, 62.159, 0.95, 14.147055769218325415"})
  void matchesMpmathOverTheRangeTheModelsReach(double a, double b, double c, double z,
      double expected) {
    assertThat(Hypergeometric2F1.value(a, b, c, z)).isCloseTo(expected,
        offset(1e-11 * expected));
    assertThat(Hypergeometric2F1.logValue(a, b, c, z)).isCloseTo(Math.log(expected),
        within(1e-11 * Math.max(1, Math.abs(Math.log(expected)))));
  }

  @Test
  void logValueDoesNotOverflowWhereTheValueWould() {
    // mpmath: ln 2F1(400.243, 402.426; 402.219; 0.99) = 1844.1393907658114 (the value ~ 10^800)
    assertThat(Hypergeometric2F1.logValue(400.243, 402.426, 402.219, 0.99))
        .isCloseTo(1844.1393907658114, within(1e-9));
    assertThat(Hypergeometric2F1.value(400.243, 402.426, 402.219, 0.99)).isInfinite();
  }

  @Test
  void outsideItsDomainItSaysWhy() {
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, -2, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c = -2");
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, 2, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z = 1.5");
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, 2, 1))
        .isInstanceOf(ArithmeticException.class).hasMessageContaining("diverges");
    assertThatThrownBy(() -> Hypergeometric2F1.value(Double.NaN, 1, 2, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    // Near z = 1 with neither a nor b between 0 and c: no integral form, and the series would
    // need millions of terms; it says so instead of summing them.
    assertThatThrownBy(() -> Hypergeometric2F1.value(-0.5, -0.7, 0.2, 0.999999))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("did not converge in 20000 series terms")
        .hasMessageContaining("its integral form needs c - p >= 0.01 and p >= 0.01 for p = a or b");
  }
}
