package io.ltvstream.core.clv;

import org.apache.commons.math3.special.Gamma;

/**
 * The Gaussian hypergeometric function {@code 2F1(a, b; c; z)} for real arguments and
 * {@code -1 < z <= 1}, as the conditional expectations and the Pareto/NBD likelihood need it.
 *
 * <p>Method: for {@code z < 0} the Pfaff transformation maps the argument into {@code [0, 1/2)}.
 * For {@code 0 <= z < 1} the function is evaluated either as given or after the Euler
 * transformation {@code 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z)}, whichever
 * has the smaller numerator parameters: the customer-base models call it with {@code a, b, c} that
 * grow with a user's purchase count, where the direct series first grows for hundreds of terms
 * while the transformed one decreases from its first term. Either is summed as a power series,
 * or, nearer z = 1, where the series needs about 40 / (1 - z) terms (millions for the Pareto/NBD
 * likelihood of a fit heading to no dropout), computed from Euler's integral by
 * double-exponential quadrature with a bounded number of nodes. The series stops at
 * {@link #SERIES_TERMS}, so no call does unbounded work. At {@code z = 1} Gauss's theorem
 * applies (only for {@code c - a - b > 0}).
 */
public final class Hypergeometric2F1 {
  /** Most terms a power series may take: the work of one call is bounded. */
  private static final int SERIES_TERMS = 20_000;
  /**
   * Series terms that cost about as much as Euler's integral (a few hundred quadrature nodes,
   * a logarithm and an exponential each); beyond them the integral is used where it applies.
   */
  private static final int INTEGRAL_COST_IN_TERMS = 1_000;
  private static final double MIN_POWER = 0.01;

  private static final double EPSILON = 1e-17;
  /** ln of a quadrature term's share of the sum below which it is left out: e^-40 = 4e-18. */
  private static final double NEGLIGIBLE_LOG_TERM = 40;

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
      return Math.pow(1 - z, c - a - b) * untransformed(c - a, c - b, c, z);
    }
    return untransformed(a, b, c, z);
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
      return (c - a - b) * Math.log1p(-z) + logUntransformed(c - a, c - b, c, z);
    }
    return logUntransformed(a, b, c, z);
  }

  /**
   * {@code 2F1(a, b; c; z)} for {@code 0 <= z < 1} without a transformation: the power series, or
   * Euler's integral where that applies and the series would take longer.
   */
  private static double untransformed(double a, double b, double c, double z) {
    return prefersSeries(a, b, c, z) ? series(a, b, c, z) : Math.exp(logEulerIntegral(a, b, c, z));
  }

  /** ln of {@link #untransformed}, where it is positive. */
  static double logUntransformed(double a, double b, double c, double z) {
    return prefersSeries(a, b, c, z)
        ? Math.log(checkedPositive(series(a, b, c, z), a, b, c, z))
        : logEulerIntegral(a, b, c, z);
  }

  /**
   * Whether to sum the series rather than integrate: when the integral does not apply, or when
   * the series is expected to settle within {@link #INTEGRAL_COST_IN_TERMS}. Past
   * {@code n = |a|+|b|+|c|} its term ratio is close to z, and a geometric tail of ratio z falls
   * below double precision in ln(1e-17) / ln(z) terms.
   */
  private static boolean prefersSeries(double a, double b, double c, double z) {
    if (!eulerIntegralApplies(a, c) && !eulerIntegralApplies(b, c)) {
      return true;
    }
    double scale = Math.abs(a) + Math.abs(b) + Math.abs(c);
    return scale + Math.log(EPSILON) / Math.log(z) <= INTEGRAL_COST_IN_TERMS;
  }

  /**
   * Euler's integral with p as its Beta parameter needs c > p > 0; computed on the nodes of
   * {@link TanhSinh}, which reach t = e^-4682 and 1 - t = e^-4682, it needs the powers p and
   * c - p to be at least {@link #MIN_POWER}: a smaller power leaves a share of the integral
   * beyond the last node (over e^-47 of it at 0.01).
   */
  private static boolean eulerIntegralApplies(double p, double c) {
    return p >= MIN_POWER && c - p >= MIN_POWER;
  }

  private static boolean prefersEuler(double a, double b, double c) {
    return Math.abs((c - a) * (c - b)) < Math.abs(a * b);
  }

  /**
   * The plain power series for {@code 0 <= z < 1}, at most {@link #SERIES_TERMS} terms. It stops
   * when the remaining tail, bounded by a geometric series of the largest remaining term ratio,
   * is below double precision. The bound
   * holds once the ratio {@code g(n) z} with {@code g(n) = (a+n)(b+n)/((c+n)(n+1))} has settled:
   * past {@code n = |a|+|b|+|c|}, or earlier while {@code g} is at most 1 and rising towards its
   * limit 1 (the case of the transformed series of the customer-base models).
   */
  private static double series(double a, double b, double c, double z) {
    double scale = Math.abs(a) + Math.abs(b) + Math.abs(c);
    double sum = 1;
    double compensation = 0;
    double term = 1;
    double ratio = ratio(a, b, c, 0);
    for (int n = 0; n < SERIES_TERMS; n++) {
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
        + ") did not converge in " + SERIES_TERMS + " series terms, and its integral form needs"
        + " c - p >= " + MIN_POWER + " and p >= " + MIN_POWER + " for p = a or b");
  }

  /**
   * ln 2F1 from Euler's integral, {@code Gamma(c) / (Gamma(p) Gamma(c-p)) * integral over (0, 1)
   * of t^(p-1) (1-t)^(c-p-1) (1-zt)^-e dt} where {p, e} = {a, b} and {@code c > p > 0}; of the two
   * choices, where both apply (see {@link #eulerIntegralApplies}), the smaller exponent e is
   * taken, the gentler peak at t = 1 when z is near 1. The integral is computed by the tanh-sinh
   * rule, accurate to double precision for such integrands with powers at both ends, halving the
   * step until two levels agree.
   */
  private static double logEulerIntegral(double a, double b, double c, double z) {
    boolean aAsBeta = eulerIntegralApplies(a, c);
    boolean bAsBeta = eulerIntegralApplies(b, c);
    boolean useA = aAsBeta && (!bAsBeta || Math.abs(b) < Math.abs(a));
    double p = useA ? a : b;
    double e = useA ? b : a;
    double oneMinusZ = 1 - z;
    double logOneMinusZ = Math.log(oneMinusZ);
    // Sums of exp(log term - shift), the shift the largest log term so far: no overflow.
    double shift = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double previous = Double.NaN;
    for (int level = 0; level <= TanhSinh.LEVELS; level++) {
      for (int j : TanhSinh.NODES_OF_LEVEL[level]) {
        double powers = p * TanhSinh.LOG_T[j] + (c - p) * TanhSinh.LOG_ONE_MINUS_T[j]
            + TanhSinh.LOG_JACOBIAN[j];
        // 1 - zt >= max(1 - t, 1 - z): a bound without a logarithm skips the nodes, most of
        // them at the far ends, whose terms cannot reach double precision of the sum.
        double bound = e > 0
            ? powers - e * Math.max(TanhSinh.LOG_ONE_MINUS_T[j], logOneMinusZ) : powers;
        if (bound < shift - NEGLIGIBLE_LOG_TERM) {
          continue;
        }
        double logTerm = powers
            - e * Math.log(TanhSinh.ONE_MINUS_T[j] + oneMinusZ * TanhSinh.T[j]);
        if (logTerm > shift) {
          sum = sum * Math.exp(shift - logTerm) + 1;
          shift = logTerm;
        } else {
          sum += Math.exp(logTerm - shift);
        }
      }
      // The trapezoid sum at this level's step; each halving about squares the relative error.
      double estimate = Math.log(sum * TanhSinh.step(level)) + shift;
      if (level >= TanhSinh.MIN_LEVEL && Math.abs(estimate - previous) <= TanhSinh.AGREEMENT) {
        return Gamma.logGamma(c) - Gamma.logGamma(p) - Gamma.logGamma(c - p) + estimate;
      }
      previous = estimate;
    }
    throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + "): Euler's"
        + " integral did not settle at the finest step of the tanh-sinh rule");
  }

  /**
   * Nodes of the tanh-sinh rule on (0, 1): t = 1 / (1 + exp(-pi sinh u)) at u = j h for
   * |u| &lt;= 8, the finest step h = 2^-LEVELS, with t, 1 - t and their logs kept separately so
   * that neither end loses precision. Level k holds the nodes new at step 2^-k.
   */
  private static final class TanhSinh {
    static final int LEVELS = 7;
    static final int MIN_LEVEL = 3;
    /** Agreement of two levels in ln of the integral; the finer one is then near 1e-16. */
    static final double AGREEMENT = 1e-9;
    private static final double U_MAX = 8;
    static final double[] T;
    static final double[] ONE_MINUS_T;
    static final double[] LOG_T;
    static final double[] LOG_ONE_MINUS_T;
    /** ln(pi cosh u): dt/du = pi cosh(u) t (1 - t), whose t (1 - t) the integrand's powers take. */
    static final double[] LOG_JACOBIAN;
    static final int[][] NODES_OF_LEVEL = new int[LEVELS + 1][];

    static {
      int half = (int) (U_MAX * (1 << LEVELS));
      int n = 2 * half + 1;
      T = new double[n];
      ONE_MINUS_T = new double[n];
      LOG_T = new double[n];
      LOG_ONE_MINUS_T = new double[n];
      LOG_JACOBIAN = new double[n];
      int[] counts = new int[LEVELS + 1];
      int[] levelOf = new int[n];
      for (int j = 0; j < n; j++) {
        int k = j - half;
        double u = (double) k / (1 << LEVELS);
        double v = Math.PI * Math.sinh(u);
        LOG_T[j] = -softplus(-v);
        LOG_ONE_MINUS_T[j] = -softplus(v);
        T[j] = Math.exp(LOG_T[j]);
        ONE_MINUS_T[j] = Math.exp(LOG_ONE_MINUS_T[j]);
        LOG_JACOBIAN[j] = Math.log(Math.PI * Math.cosh(u));
        int level = LEVELS;
        while (level > 0 && k % (1 << (LEVELS - level + 1)) == 0) {
          level--;
        }
        levelOf[j] = level;
        counts[level]++;
      }
      for (int level = 0; level <= LEVELS; level++) {
        NODES_OF_LEVEL[level] = new int[counts[level]];
        counts[level] = 0;
      }
      for (int j = 0; j < n; j++) {
        NODES_OF_LEVEL[levelOf[j]][counts[levelOf[j]]++] = j;
      }
    }

    static double step(int level) {
      return 1.0 / (1 << level);
    }

    /** ln(1 + e^x) without overflow. */
    private static double softplus(double x) {
      return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
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
