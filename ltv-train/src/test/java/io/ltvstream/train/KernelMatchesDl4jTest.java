package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.state.StepVectors;
import io.ltvstream.core.state.UpdateOutcome;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.testdata.Cdnow;
import io.ltvstream.model.Baseline;
import io.ltvstream.model.Cell;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.KernelLtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.model.ModelInputs;
import io.ltvstream.model.StepNormalizer;
import io.ltvstream.model.ValueHead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The float-array kernel is the scorer's engine; DL4J's rnnTimeStep is the reference. */
class KernelMatchesDl4jTest {
  private static final float TOLERANCE = 1e-5f;

  @Test
  void kernelEqualsRnnTimeStepOnRandomSequences() throws Exception {
    assertKernelEqualsRnnTimeStep(Bundles.untrained(Cell.LSTM, 32, 11, Bundles.identity()));
  }

  @Test
  void kernelEqualsRnnTimeStepOnAPackedEnsemble() throws Exception {
    ModelBundle bundle = Bundles.untrainedPacked(32, 13, Bundles.identity());
    assertThat(NetworkBundles.network(bundle).layerSize(2)).isEqualTo(2L * ValueHead.OUTPUTS);
    assertKernelEqualsRnnTimeStep(bundle);
  }

  private static void assertKernelEqualsRnnTimeStep(ModelBundle bundle) {
    KernelLtvModel kernel = (KernelLtvModel) bundle.newModel(Engine.KERNEL);
    Dl4jLtvModel dl4j = (Dl4jLtvModel) bundle.newModel(Engine.DL4J);
    Random random = new Random(5);
    for (int sequence = 0; sequence < 20; sequence++) {
      UserState a = new UserState();
      UserState b = new UserState();
      kernel.resetRecurrent(a);
      dl4j.resetRecurrent(b);
      for (int t = 0; t < 30; t++) {
        float[] x = new float[StepVectors.SIZE];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) (random.nextGaussian() * 2);
        }
        kernel.step(x, a);
        dl4j.step(x, b);
        assertClose(a.hidden(), b.hidden());
        assertClose(a.cell(), b.cell());
      }
      long at = 86_400_000L * 400;
      Baseline.At pnbd = Baseline.atOrNull(Baseline.of(bundle.metadata().baseline()), a, at);
      assertClose(kernel.rawOutputs(a, at, pnbd).clone(), dl4j.rawOutputs(b, at, pnbd));
      assertThat(kernel.predict(a, at).expectedValue()).isCloseTo(dl4j.predict(b, at).expectedValue(),
          within(1e-3 * Math.max(1, dl4j.predict(b, at).expectedValue())));
    }
  }

  @Test
  void kernelEqualsRnnTimeStepOnRealCdnowSequencesAndScores() throws Exception {
    CohortSplit sample = Cdnow.sampleSplit();
    List<List<EngineeredEvent>> users = Cdnow.histories(sample).subList(0, 200);
    List<float[]> steps = new ArrayList<>();
    for (List<EngineeredEvent> events : users) {
      UserState state = new UserState();
      for (EngineeredEvent e : events) {
        UpdateOutcome outcome = state.update(e, Duration.ZERO);
        float[] step = new float[ModelInputs.SIZE];
        StepVectors.event(e, state, outcome, step);
        steps.add(step);
      }
    }
    ModelBundle bundle = Bundles.untrained(Cell.LSTM, 32, 3, StepNormalizer.fit(steps, ModelInputs.SIZE));
    KernelLtvModel kernel = (KernelLtvModel) bundle.newModel(Engine.KERNEL);
    Dl4jLtvModel dl4j = (Dl4jLtvModel) bundle.newModel(Engine.DL4J);
    long at = sample.calibration().calibrationCutoff().toEpochMilli();
    for (List<EngineeredEvent> events : users) {
      UserState a = EventReplay.replay(events, kernel);
      UserState b = EventReplay.replay(events, dl4j);
      assertClose(a.hidden(), b.hidden());
      assertClose(a.cell(), b.cell());
      Baseline.At pnbd = Baseline.atOrNull(Baseline.of(bundle.metadata().baseline()), a, at);
      assertClose(kernel.rawOutputs(a, at, pnbd).clone(), dl4j.rawOutputs(b, at, pnbd));
      assertThat(kernel.predict(a, at).expectedValue())
          .isCloseTo(dl4j.predict(b, at).expectedValue(), within(1e-3));
    }
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("component %d", i).isCloseTo(expected[i], within(TOLERANCE));
    }
  }
}
