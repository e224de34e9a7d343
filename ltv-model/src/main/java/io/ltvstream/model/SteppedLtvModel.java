package io.ltvstream.model;

import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;

/**
 * What every engine shares: the version check, the inputs of an event step and of a query (built
 * by {@link ModelInputs} and normalized with the bundle's normalizer), and the value head with
 * Pareto/NBD's view of the user. An engine supplies only the network: a step that moves (h, c) and
 * a step that reads the outputs without moving them. Not thread-safe: the input buffers are per
 * instance.
 */
public abstract class SteppedLtvModel implements LtvModel {
  private final BundleMetadata metadata;
  private final int units;
  private final StepNormalizer normalizer;
  private final ValueHead head;
  private final Baseline baseline;
  private final float[] input = new float[ModelInputs.SIZE];
  private final float[] x;

  /** @param inputs the network's input size, {@link ModelInputs#SIZE} for this build's bundles */
  protected SteppedLtvModel(BundleMetadata metadata, int inputs, int units) {
    this.metadata = metadata;
    this.units = units;
    this.normalizer = metadata.normalizer();
    this.head = new ValueHead(metadata);
    this.baseline = Baseline.of(metadata.baseline());
    this.x = new float[inputs];
  }

  /** Advances (h, c) in place by one step on the normalized input {@code x}. */
  protected abstract void advance(float[] x, float[] h, float[] c);

  /** The head outputs one step past (h, c) on the normalized input {@code x}, leaving (h, c) as they are. */
  protected abstract float[] outputs(float[] x, float[] h, float[] c);

  @Override
  public String version() {
    return metadata.version();
  }

  @Override
  public int horizonDays() {
    return metadata.horizonDays();
  }

  @Override
  public int stepSize() {
    return StepVectors.SIZE;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public void step(float[] stepVector, UserState state) {
    checkVersion(state);
    ModelInputs.event(stepVector, input);
    normalizer.apply(input, x);
    advance(x, state.hidden(), state.cell());
  }

  @Override
  public LtvPrediction predict(UserState state, long atMillis) {
    return predict(state, atMillis, metadata.horizonDays());
  }

  @Override
  public LtvPrediction predict(UserState state, long atMillis, double horizonDays) {
    Baseline.At pnbd = Baseline.atOrNull(baseline, state, atMillis);
    return head.predict(rawOutputs(state, atMillis, pnbd), pnbd, horizonDays);
  }

  /**
   * The head outputs for a query at {@code atMillis}, given Pareto/NBD's view of the user then;
   * an engine may reuse the returned array.
   */
  public float[] rawOutputs(UserState state, long atMillis, Baseline.At pnbd) {
    checkVersion(state);
    ModelInputs.query(state, atMillis, pnbd, input);
    normalizer.apply(input, x);
    return outputs(x, state.hidden(), state.cell());
  }

  private void checkVersion(UserState state) {
    if (!metadata.version().equals(state.modelVersion()) || state.hidden().length != units) {
      throw new IllegalStateException("User state was built by model '" + state.modelVersion()
          + "', not " + metadata.version() + ": reset or rebuild it first");
    }
  }
}
