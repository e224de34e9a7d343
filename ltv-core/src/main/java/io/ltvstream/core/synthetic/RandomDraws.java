package io.ltvstream.core.synthetic;

import java.util.SplittableRandom;

/** The few distributions the shop needs, on a seeded {@link SplittableRandom} (same draws on every JVM). */
final class RandomDraws {
  private final SplittableRandom random;

  RandomDraws(SplittableRandom random) {
    this.random = random;
  }

  double uniform() {
    return random.nextDouble();
  }

  int uniformInt(int bound) {
    return random.nextInt(bound);
  }

  boolean chance(double probability) {
    return probability > 0 && random.nextDouble() < probability;
  }

  double exponential(double rate) {
    return -Math.log(1.0 - random.nextDouble()) / rate;
  }

  /** Gamma with the given shape and rate (mean shape / rate), Marsaglia and Tsang's method. */
  double gamma(double shape, double rate) {
    if (shape < 1) {
      // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a)
      return gamma(shape + 1, rate) * Math.pow(random.nextDouble(), 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v / rate;
      }
    }
  }

  /** Poisson by inversion (Knuth); the shop's daily means are small. */
  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      count++;
      product *= random.nextDouble();
    }
    return count;
  }

  double normal() {
    // Box-Muller, one of the pair
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** An index drawn with probability proportional to its weight. */
  int weighted(double[] cumulativeWeights) {
    double total = cumulativeWeights[cumulativeWeights.length - 1];
    double target = random.nextDouble() * total;
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (target < cumulativeWeights[i]) {
        return i;
      }
    }
    return cumulativeWeights.length - 1;
  }

  static double[] cumulative(double[] weights) {
    double[] out = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      out[i] = sum;
    }
    return out;
  }
}
