package io.ltvstream.model;

import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.state.UserState;
import java.util.Set;

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
  private final Dimensions dimensions;
  private final float[] input;
  private final float[] x;

  /** @param inputs the network's input size, {@link ModelInputs#size} of the bundle's dimensions */
  protected SteppedLtvModel(BundleMetadata metadata, int inputs, int units) {
    this.metadata = metadata;
    this.dimensions = metadata.dimensions();
    this.input = new float[ModelInputs.size(dimensions)];
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
    return ModelInputs.stepSize(dimensions);
  }

  @Override
  public Dimensions dimensions() {
    return dimensions;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public void step(float[] stepVector, UserState state) {
    checkVersion(state);
    ModelInputs.event(stepVector, dimensions, input);
    normalizer.apply(input, x);
    advance(x, state.hidden(), state.cell());
  }

  @Override
  public LtvPrediction predict(UserState state, long atMillis, UserProfile profile) {
    return predict(state, atMillis, metadata.horizonDays(), profile);
  }

  @Override
  public LtvPrediction predict(UserState state, long atMillis, double horizonDays, UserProfile profile) {
    return predict(state, atMillis, horizonDays, profile, null);
  }

  @Override
  public LtvPrediction predictOccluded(UserState state, long atMillis, UserProfile profile, Set<Dimensions.Group> occluded) {
    return predict(state, atMillis, metadata.horizonDays(), profile, occluded);
  }

  private LtvPrediction predict(UserState state, long atMillis, double horizonDays, UserProfile profile,
      Set<Dimensions.Group> occluded) {
    Baseline.At pnbd = Baseline.atOrNull(baseline, state, atMillis);
    return head.predict(rawOutputs(state, atMillis, pnbd, profile, occluded), pnbd, horizonDays);
  }

  /** {@link #rawOutputs(UserState, long, Baseline.At, UserProfile, Dimensions.Group)} without a profile or occlusion. */
  public float[] rawOutputs(UserState state, long atMillis, Baseline.At pnbd) {
    return rawOutputs(state, atMillis, pnbd, null, null);
  }

  /**
   * The head outputs for a query at {@code atMillis}, given Pareto/NBD's view of the user then and
   * their profile, with the {@code occluded} group's inputs (none when null) set to neutral; an
   * engine may reuse the returned array.
   */
  public float[] rawOutputs(UserState state, long atMillis, Baseline.At pnbd, UserProfile profile,
      Set<Dimensions.Group> occluded) {
    checkVersion(state);
    ModelInputs.query(state, atMillis, pnbd, dimensions, profile, input);
    normalizer.apply(input, x);
    if (occluded != null) {
      for (Dimensions.Group group : occluded) {
        for (int i = dimensions.from(group); i < dimensions.to(group); i++) {
          x[ModelInputs.SIZE + i] = 0f;
        }
      }
    }
    return outputs(x, state.hidden(), state.cell());
  }

  private void checkVersion(UserState state) {
    if (!metadata.version().equals(state.modelVersion()) || state.hidden().length != units) {
      throw new IllegalStateException("User state was built by model '" + state.modelVersion()
          + "', not " + metadata.version() + ": reset or rebuild it first");
    }
  }
}
