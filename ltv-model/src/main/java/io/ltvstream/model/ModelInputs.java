package io.ltvstream.model;

import io.ltvstream.avro.UserProfile;
import io.ltvstream.core.features.Dimensions;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The network's raw input: the shared {@link StepVectors} (the user's history), two model-side
 * components that only query steps carry, Pareto/NBD's view of the user at the query time (fit on
 * the same calibration data): log1p of its expected purchase days in the next 13 weeks, and its
 * probability that the user is still active (event steps carry zeros there), and then, for a
 * feature-spec-2 bundle, the {@link Dimensions} block (product, calendar, profile) from {@link
 * #SIZE} on. A raw step vector is the {@link StepVectors} part followed by the same block.
 */
public final class ModelInputs {
  public static final int PNBD_LOG_EXPECTED = StepVectors.SIZE;
  public static final int PNBD_ALIVE = StepVectors.SIZE + 1;
  /** Inputs before the dimensions block: all of a feature-spec-1 network's. */
  public static final int SIZE = StepVectors.SIZE + 2;
  public static final double PNBD_FEATURE_DAYS = 91;

  private ModelInputs() {}

  /** The network's input size with {@code dimensions}. */
  public static int size(Dimensions dimensions) {
    return SIZE + dimensions.width();
  }

  /** The raw step vector's size with {@code dimensions}. */
  public static int stepSize(Dimensions dimensions) {
    return StepVectors.SIZE + dimensions.width();
  }

  public static List<String> names(Dimensions dimensions) {
    List<String> names = new ArrayList<>(Arrays.asList(StepVectors.names()));
    names.add("pnbd_log_expected_13w");
    names.add("pnbd_p_alive");
    names.addAll(dimensions.names());
    return names;
  }

  /** Copies an event's raw step vector into {@code out[0..size(dimensions))}. */
  public static void event(float[] step, Dimensions dimensions, float[] out) {
    System.arraycopy(step, 0, out, 0, StepVectors.SIZE);
    out[PNBD_LOG_EXPECTED] = 0f;
    out[PNBD_ALIVE] = 0f;
    System.arraycopy(step, StepVectors.SIZE, out, SIZE, dimensions.width());
  }

  /**
   * Writes the query input for scoring {@code state} at {@code atMillis} into {@code
   * out[0..size(dimensions))}; {@code pnbd} is Pareto/NBD's view of the user then (none when null),
   * {@code profile} the user's profile (none when null).
   */
  public static void query(UserState state, long atMillis, Baseline.At pnbd, Dimensions dimensions,
      UserProfile profile, float[] out) {
    StepVectors.query(state, atMillis, out);
    if (pnbd == null || state.purchaseDays() == 0) {
      out[PNBD_LOG_EXPECTED] = 0f;
      out[PNBD_ALIVE] = 0f;
    } else {
      out[PNBD_LOG_EXPECTED] = (float) EventFeatures.signedLog1p(pnbd.expectedTransactions(PNBD_FEATURE_DAYS));
      out[PNBD_ALIVE] = (float) pnbd.probabilityAlive();
    }
    dimensions.query(atMillis, profile, out, SIZE);
  }
}
