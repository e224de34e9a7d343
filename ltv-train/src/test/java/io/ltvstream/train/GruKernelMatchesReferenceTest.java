package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.eval.CohortSplit;
import io.ltvstream.core.state.StepVectors;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GRU kernel is the scorer's engine; the reference is the GRU layer's own libnd4j op, stepped
 * through SameDiff, which must in turn be the network as trained. Random weights with random
 * biases pin the gate order and where the reset gate enters: any other convention misses 1e-5.
 */
class GruKernelMatchesReferenceTest {
  private static final float TOLERANCE = 1e-5f;

  @Test
  void kernelEqualsTheReferenceStepOnRandomWeightsAndSequences() throws Exception {
    ModelBundle bundle = Bundles.random(Cell.GRU, 16, 11, Bundles.identity());
    assertThat(bundle.cell()).isEqualTo(Cell.GRU);
    assertThat(bundle.version()).startsWith("gru-");
    KernelLtvModel kernel = (KernelLtvModel) bundle.newModel(Engine.KERNEL);
    Dl4jLtvModel reference = (Dl4jLtvModel) bundle.newModel(Engine.DL4J);
    Random random = new Random(5);
    for (int sequence = 0; sequence < 10; sequence++) {
      UserState a = new UserState();
      UserState b = new UserState();
      kernel.resetRecurrent(a);
      reference.resetRecurrent(b);
      for (int t = 0; t < 30; t++) {
        float[] x = new float[StepVectors.SIZE];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) (random.nextGaussian() * 2);
        }
        kernel.step(x, a);
        reference.step(x, b);
        assertClose(a.hidden(), b.hidden());
      }
      assertThat(a.hidden()).as("a GRU that moved").isNotEqualTo(new float[16]);
      assertThat(a.cell()).as("the GRU has no cell state").containsOnly(0f);
      long at = 86_400_000L * 400;
      Baseline.At pnbd = Baseline.atOrNull(Baseline.of(bundle.metadata().baseline()), a, at);
      assertClose(kernel.rawOutputs(a, at, pnbd).clone(), reference.rawOutputs(b, at, pnbd));
    }
  }

  @Test
  void aGruTrainedOnCdnowStepsAlikeInKernelReferenceAndNetwork() {
    CohortSplit sample = Cdnow.sampleSplit();
    List<List<EngineeredEvent>> histories = Cdnow.histories(sample);
    LtvTrainer.Settings tiny = LtvTrainer.Settings.defaults().toBuilder().cell(Cell.GRU).units(8).denseUnits(4)
        .maxEpochs(2).maxTrainingUsers(300).cutoffStepDays(56).refit(false).build();
    ModelBundle bundle = new LtvTrainer(tiny, null).train(histories, Cdnow.CALIBRATION_END);
    assertThat(bundle.cell()).isEqualTo(Cell.GRU);
    KernelLtvModel kernel = (KernelLtvModel) bundle.newModel(Engine.KERNEL);
    Dl4jLtvModel reference = (Dl4jLtvModel) bundle.newModel(Engine.DL4J);
    MultiLayerNetwork network = NetworkBundles.network(bundle);
    StepNormalizer normalizer = bundle.metadata().normalizer();
    long at = sample.calibration().calibrationCutoff().toEpochMilli();
    for (List<EngineeredEvent> events : histories.subList(0, 100)) {
      UserState a = EventReplay.replay(events, kernel);
      UserState b = EventReplay.replay(events, reference);
      assertClose(a.hidden(), b.hidden());
      Baseline.At pnbd = Baseline.atOrNull(Baseline.of(bundle.metadata().baseline()), a, at);
      assertClose(kernel.rawOutputs(a, at, pnbd).clone(), reference.rawOutputs(b, at, pnbd));
      assertThat(kernel.predict(a, at).expectedValue())
          .isCloseTo(reference.predict(b, at).expectedValue(), within(1e-3));
      assertReferenceStepsAreTheNetworkOverTheSequence(events, reference, network, normalizer);
    }
  }

  /** Stepping the reference from h = 0 gives the trained network's output over the whole sequence. */
  private static void assertReferenceStepsAreTheNetworkOverTheSequence(List<EngineeredEvent> events,
      Dl4jLtvModel reference, MultiLayerNetwork network, StepNormalizer normalizer) {
    UserState state = new UserState();
    reference.resetRecurrent(state);
    float[] step = new float[StepVectors.SIZE];
    float[] input = new float[ModelInputs.SIZE];
    List<float[]> inputs = new ArrayList<>();
    float[] stepped = null;
    for (EngineeredEvent event : events) {
      if (EventReplay.apply(event, state, EventReplay.DEFAULT_GRACE, step).applied()) {
        float[] x = new float[ModelInputs.SIZE];
        ModelInputs.event(step, io.ltvstream.core.features.Dimensions.NONE, input);
        normalizer.apply(input, x);
        inputs.add(x);
        stepped = reference.timeStep(x, state.hidden(), state.cell(), true);
      }
    }
    int length = inputs.size();
    INDArray features = Nd4j.create(DataType.FLOAT, 1, ModelInputs.SIZE, length);
    for (int t = 0; t < length; t++) {
      for (int i = 0; i < ModelInputs.SIZE; i++) {
        features.putScalar(new long[] {0, i, t}, inputs.get(t)[i]);
      }
    }
    INDArray output = network.output(features).castTo(DataType.FLOAT);
    float[] last = new float[(int) output.size(1)];
    for (int o = 0; o < last.length; o++) {
      last[o] = output.getFloat(0, o, length - 1);
    }
    assertClose(stepped, last);
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("component %d", i).isCloseTo(expected[i], within(TOLERANCE));
    }
  }
}
