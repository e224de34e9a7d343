package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.LtvPrediction;
import io.ltvstream.testkit.TinyModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user rebuilt for a new model from half-precision replay steps scores as one rebuilt from the
 * same steps as full floats, within the bound docs/scorer.md states: half precision rounds each
 * component by at most 2^-11 of itself, which is far above the kernel-parity 1e-5, so the bound
 * here is the measured one, with margin, on the synthetic shop.
 */
class HalfPrecisionReplayTest {
  /** Relative difference of a rebuilt user's expected value; 9.8e-4 measured (4.3e-4 before the initial outputs). */
  static final double EXPECTED_VALUE_BOUND = 2e-3;
  /** Absolute difference of a rebuilt user's p_active; 2.1e-4 measured (7.6e-6 before the initial outputs). */
  static final double P_ACTIVE_BOUND = 5e-4;

  @Test
  void aRebuildFromHalfPrecisionStepsMatchesOneFromFullFloatsWithinTheDocumentedBound() {
    LtvModel built = TinyModel.bundle(7).newModel(Engine.KERNEL);
    LtvModel swapped = TinyModel.bundle(8).newModel(Engine.KERNEL);
    Map<String, List<EngineeredEvent>> byUser = new LinkedHashMap<>();
    ShopEvents.of(200, 120).forEach(e -> byUser.computeIfAbsent(e.getUserId(), u -> new ArrayList<>()).add(e));

    double worstValue = 0;
    double worstP = 0;
    for (int capacity : new int[] {TopologySettings.DEFAULT_RECENT_STEPS, 64}) {
      for (List<EngineeredEvent> events : byUser.values()) {
        UserState state = new UserState();
        built.resetRecurrent(state);
        List<float[]> fullSteps = new ArrayList<>();
        float[] step = new float[StepVectors.SIZE];
        for (EngineeredEvent event : events) {
          if (EventReplay.apply(event, state, EventReplay.DEFAULT_GRACE, step).applied()) {
            built.step(step, state);
            state.replaySteps().append(step, capacity);
            fullSteps.add(step.clone());
          }
        }
        UserState fromFloats = state.copy();
        swapped.resetRecurrent(fromFloats);
        for (float[] full : fullSteps.subList(Math.max(0, fullSteps.size() - capacity), fullSteps.size())) {
          swapped.step(full, fromFloats);
        }
        UserState fromHalves = state.copy();
        EventReplay.rebuild(fromHalves, swapped);

        long at = state.lastEventMillis();
        LtvPrediction reference = swapped.predict(fromFloats, at);
        LtvPrediction compact = swapped.predict(fromHalves, at);
        worstValue = Math.max(worstValue, Math.abs(compact.expectedValue() - reference.expectedValue())
            / Math.max(1e-9, Math.abs(reference.expectedValue())));
        worstP = Math.max(worstP, Math.abs(compact.pActive() - reference.pActive()));
      }
    }
    System.out.printf("half-precision rebuild vs full floats over %d users: expected value %.2e relative,"
        + " p_active %.2e absolute (worst)%n", byUser.size(), worstValue, worstP);
    assertThat(worstValue).isLessThanOrEqualTo(EXPECTED_VALUE_BOUND);
    assertThat(worstP).isLessThanOrEqualTo(P_ACTIVE_BOUND);
  }
}
