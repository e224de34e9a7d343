package io.ltvstream.core.clv;

import org.apache.commons.math3.special.Gamma;

/**
 * The Gaussian hypergeometric function {@code 2F1(a, b; c; z)} for real arguments and
 * {@code -1 < z <= 1}, as the conditional expectations and the Pareto/NBD likelihood need it.
 *
 * <p>Method: the power series, summed until the remaining tail is below double precision. For
 * {@code z < 0} the Pfaff transformation maps the argument into {@code [0, 1/2)}. For
 * {@code 0 <= z < 1} the series is summed either as given or after the Euler transformation
 * {@code 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z)}, whichever has the smaller
 * numerator parameters: the customer-base models call it with {@code a, b, c} that grow with a
 * user's purchase count, where the direct series first grows for hundreds of terms while the
 * transformed one decreases from its first term. At {@code z = 1} Gauss's theorem applies
 * (only for {@code c - a - b > 0}).
 */
public final class Hypergeometric2F1 {
  /** Enough for z = 0.9999 with large parameters; beyond it the caller asks for too much. */
  static final int MAX_TERMS = 2_000_000;

  private static final double EPSILON = 1e-17;

  private Hypergeometric2F1() {}

  /** {@code 2F1(a, b; c; z)}. */
  public static double value(double a, double b, double c, double z) {
    checkArguments(a, b, c, z);
    if (z == 0 || a == 0 || b == 0) {
      return 1;
    }
    if (z == 1) {
      return gaussAtOne(a, b, c);
    }
    if (z < 0) {
      double w = z / (z - 1);
      return Math.pow(1 - z, -a) * value(a, c - b, c, w);
    }
    if (prefersEuler(a, b, c)) {
      return Math.pow(1 - z, c - a - b) * series(c - a, c - b, c, z);
    }
    return series(a, b, c, z);
  }

  /**
   * {@code ln 2F1(a, b; c; z)} for {@code 0 <= z < 1} where the function is positive; it does not
   * overflow where {@link #value} would (the Euler factor is taken in logs).
   *
   * @throws ArithmeticException when the value is not positive
   */
  public static double logValue(double a, double b, double c, double z) {
    checkArguments(a, b, c, z);
    if (z < 0 || z >= 1) {
      return Math.log(checkedPositive(value(a, b, c, z), a, b, c, z));
    }
    if (z == 0 || a == 0 || b == 0) {
      return 0;
    }
    if (prefersEuler(a, b, c)) {
      double s = series(c - a, c - b, c, z);
      return (c - a - b) * Math.log1p(-z) + Math.log(checkedPositive(s, a, b, c, z));
    }
    return Math.log(checkedPositive(series(a, b, c, z), a, b, c, z));
  }

  private static boolean prefersEuler(double a, double b, double c) {
    return Math.abs((c - a) * (c - b)) < Math.abs(a * b);
  }

  /**
   * The plain power series for {@code 0 <= z < 1}. It stops when the remaining tail, bounded by a
   * geometric series of the largest remaining term ratio, is below double precision. The bound
   * holds once the ratio {@code g(n) z} with {@code g(n) = (a+n)(b+n)/((c+n)(n+1))} has settled:
   * past {@code n = |a|+|b|+|c|}, or earlier while {@code g} is at most 1 and rising towards its
   * limit 1 (the case of the transformed series of the customer-base models).
   */
  static double series(double a, double b, double c, double z) {
    double scale = Math.abs(a) + Math.abs(b) + Math.abs(c);
    double sum = 1;
    double compensation = 0;
    double term = 1;
    double ratio = ratio(a, b, c, 0);
    for (int n = 0; n < MAX_TERMS; n++) {
      term *= ratio * z;
      if (term == 0) {
        return sum;
      }
      // Kahan summation: a slowly converging series has many small terms.
      double y = term - compensation;
      double t = sum + y;
      compensation = (t - sum) - y;
      sum = t;
      if (!Double.isFinite(sum)) {
        break;
      }
      double next = ratio(a, b, c, n + 1);
      boolean settled = n + 1 >= scale || (Math.abs(next) <= 1 && next >= ratio);
      double tailRatio = z * Math.max(1, Math.abs(next));
      if (settled && tailRatio < 1
          && Math.abs(term) * tailRatio <= EPSILON * Math.abs(sum) * (1 - tailRatio)) {
        return sum;
      }
      ratio = next;
    }
    throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z
        + ") did not converge in " + MAX_TERMS + " terms");
  }

  private static double ratio(double a, double b, double c, int n) {
    return (a + n) * (b + n) / ((c + n) * (n + 1));
  }

  private static double gaussAtOne(double a, double b, double c) {
    if (c - a - b <= 0) {
      throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c
          + "; 1) diverges: c - a - b must be positive");
    }
    return Gamma.gamma(c) * Gamma.gamma(c - a - b) / (Gamma.gamma(c - a) * Gamma.gamma(c - b));
  }

  private static void checkArguments(double a, double b, double c, double z) {
    if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(z))) {
      throw new IllegalArgumentException("2F1 arguments must be finite: a=" + a + ", b=" + b
          + ", c=" + c + ", z=" + z);
    }
    if (c <= 0 && c == Math.rint(c)) {
      throw new IllegalArgumentException("2F1 is undefined for c = " + c
          + " (a non-positive integer)");
    }
    if (z <= -1 || z > 1) {
      throw new IllegalArgumentException("2F1 is implemented for -1 < z <= 1, not z = " + z);
    }
  }

  private static double checkedPositive(double value, double a, double b, double c, double z) {
    if (!(value > 0)) {
      throw new ArithmeticException("ln 2F1(" + a + ", " + b + "; " + c + "; " + z
          + ") undefined: the value is " + value);
    }
    return value;
  }
}
