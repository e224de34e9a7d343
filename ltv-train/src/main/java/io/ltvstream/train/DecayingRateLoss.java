package io.ltvstream.train;

import static io.ltvstream.model.ValueHead.clamp;

import io.ltvstream.model.ValueHead;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Training loss of the {@link ValueHead}: Poisson negative log-likelihood of the purchase days
 * observed in a censored horizon, whose mean integrates the decaying rate over that horizon,
 * plus the Gaussian negative log-likelihood of log mean spend per purchase day for examples with
 * purchases. Labels are {@code [purchase days, spend, horizon days, weight]} per example, so each
 * example carries its own horizon (the time left to the end of the training window). Expects the
 * identity activation. Rows with a zero mask or a non-positive horizon contribute nothing.
 */
public final class DecayingRateLoss implements ILossFunction {
  static final int LABELS = 4;
  private static final long serialVersionUID = 1L;

  /** Weight of the spend term beside the count term. */
  private double spendWeight = 1.0;

  public DecayingRateLoss() {}

  public DecayingRateLoss(double spendWeight) {
    this.spendWeight = spendWeight;
  }

  public double getSpendWeight() {
    return spendWeight;
  }

  public void setSpendWeight(double spendWeight) {
    this.spendWeight = spendWeight;
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    double[] rows = rowScores(labels, preOutput, mask, null);
    double sum = 0;
    for (double r : rows) {
      sum += r;
    }
    return average ? sum / Math.max(1, rows.length) : sum;
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    double[] rows = rowScores(labels, preOutput, mask, null);
    return Nd4j.createFromArray(rows).reshape(rows.length, 1).castTo(preOutput.dataType());
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    double[][] gradient = new double[(int) preOutput.size(0)][ValueHead.OUTPUTS];
    rowScores(labels, preOutput, mask, gradient);
    return Nd4j.create(gradient).castTo(preOutput.dataType());
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    double[][] gradient = new double[(int) preOutput.size(0)][ValueHead.OUTPUTS];
    double[] rows = rowScores(labels, preOutput, mask, gradient);
    double sum = 0;
    for (double r : rows) {
      sum += r;
    }
    return Pair.of(average ? sum / Math.max(1, rows.length) : sum,
        Nd4j.create(gradient).castTo(preOutput.dataType()));
  }

  /** Per-row loss; fills {@code gradient} (d loss / d pre-output) when given. */
  double[] rowScores(INDArray labels, INDArray preOutput, INDArray mask, double[][] gradient) {
    float[][] out = preOutput.castTo(DataType.FLOAT).toFloatMatrix();
    float[][] lab = labels.castTo(DataType.FLOAT).toFloatMatrix();
    float[] maskRows = mask == null ? null : mask.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
    double[] scores = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      double horizon = lab[i][2];
      double weight = lab[i][3];
      if ((maskRows != null && maskRows[i] == 0) || horizon <= 0 || weight == 0) {
        continue;
      }
      scores[i] = weight * row(out[i], lab[i][0], lab[i][1], horizon,
          gradient == null ? null : gradient[i]);
      if (gradient != null) {
        for (int j = 0; j < ValueHead.OUTPUTS; j++) {
          gradient[i][j] *= weight;
        }
      }
    }
    return scores;
  }

  private double row(float[] o, double count, double spend, double horizon, double[] g) {
    double a = clamp(o[0], ValueHead.MIN_LOG_RATE, ValueHead.MAX_LOG_RATE);
    double b = clamp(o[1], ValueHead.MIN_LOG_DECAY, ValueHead.MAX_LOG_DECAY);
    double u = Math.exp(b) * horizon;
    double mean = ValueHead.expectedTransactions(a, b, horizon);
    double loss = mean - count * Math.log(mean);
    if (g != null) {
      g[0] = inside(o[0], ValueHead.MIN_LOG_RATE, ValueHead.MAX_LOG_RATE) * (mean - count);
      // d log((1 - e^-u)/u) / d log u = u / (e^u - 1) - 1
      double dLogFraction = (u < 1e-8 ? 1 - u / 2 : u / Math.expm1(u)) - 1;
      g[1] = inside(o[1], ValueHead.MIN_LOG_DECAY, ValueHead.MAX_LOG_DECAY) * (mean - count) * dLogFraction;
    }
    if (count > 0 && spend > 0) {
      double y = Math.log(spend / count);
      double s = clamp(o[3], ValueHead.MIN_LOG_SIGMA, ValueHead.MAX_LOG_SIGMA);
      double variance = Math.exp(2 * s);
      double residual = y - o[2];
      loss += spendWeight * (residual * residual / (2 * variance) + s);
      if (g != null) {
        g[2] = spendWeight * -residual / variance;
        g[3] = inside(o[3], ValueHead.MIN_LOG_SIGMA, ValueHead.MAX_LOG_SIGMA)
            * spendWeight * (1 - residual * residual / variance);
      }
    }
    return loss;
  }

  private static double inside(double x, double lo, double hi) {
    return x > lo && x < hi ? 1 : 0;
  }

  @Override
  public String name() {
    return "DecayingRateLoss";
  }

  @Override
  public String toString() {
    return "DecayingRateLoss(spendWeight=" + spendWeight + ")";
  }
}
