package io.ltvstream.train;

import java.util.List;

/**
 * The slope {@code b} of a Poisson regression {@code count ~ Poisson(exp(a + b x))}, fit by
 * Newton's method: with {@code x} the log of a model's predicted counts, the Cox calibration slope
 * (1 for predictions spread just right, below 1 for predictions spread too far). The slope is
 * bounded below by 0: predictions whose order the counts contradict have no ranking to
 * recalibrate, and a negative power would serve that order upside down.
 */
final class PoissonSlope {
  private static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-10;

  private PoissonSlope() {}

  /**
   * @param rows {@code [x, count]} pairs
   * @return the slope, at least 0; or 1 when the rows cannot identify it (fewer than two distinct
   *     x, no counts)
   */
  static double fit(List<double[]> rows) {
    double counts = 0;
    double mean = 0;
    for (double[] row : rows) {
      counts += row[1];
      mean += row[0];
    }
    if (rows.size() < 2 || counts <= 0) {
      return 1;
    }
    mean /= rows.size();
    // centred x keeps the Newton steps well conditioned
    double a = Math.log(counts / rows.size());
    double b = 0;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double ga = 0;
      double gb = 0;
      double haa = 0;
      double hab = 0;
      double hbb = 0;
      for (double[] row : rows) {
        double x = row[0] - mean;
        double mu = Math.exp(a + b * x);
        ga += row[1] - mu;
        gb += (row[1] - mu) * x;
        haa += mu;
        hab += mu * x;
        hbb += mu * x * x;
      }
      double determinant = haa * hbb - hab * hab;
      if (!(determinant > 0)) {
        return 1;
      }
      double da = (hbb * ga - hab * gb) / determinant;
      double db = (haa * gb - hab * ga) / determinant;
      a += da;
      b += db;
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        return 1;
      }
      if (Math.abs(da) < TOLERANCE && Math.abs(db) < TOLERANCE) {
        break;
      }
    }
    // The log-likelihood is concave: past its unconstrained maximum at b < 0, the best b >= 0 is 0.
    return Math.max(0, b);
  }
}
