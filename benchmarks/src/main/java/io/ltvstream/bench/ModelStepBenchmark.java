package io.ltvstream.bench;

import io.ltvstream.core.state.UserState;
import io.ltvstream.model.Engine;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.train.NetworkBundles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One scoring step for one user, three ways, on the same trained LSTM bundle: the scorer's float-array
 * kernel, DL4J's rnnTimeStep with the user's h/c loaded and read back (the reference engine), and
 * re-running the network over the user's last {@link #WINDOW} step vectors, which is what a naive
 * embedded-model service does for every record. Beside them, the kernel's step of a GRU bundle of
 * the same size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ModelStepBenchmark {
  static final int WINDOW = 50;
  private static final int VECTORS = 64;

  /** Path of the model bundle file. */
  @Param("")
  public String bundle;

  /** Path of a GRU model bundle of the same size. */
  @Param("")
  public String gruBundle;

  private LtvModel kernel;
  private LtvModel gruKernel;
  private UserState gruKernelState;
  private LtvModel dl4j;
  private UserState kernelState;
  private UserState dl4jState;
  private float[][] vectors;
  private int next;
  private MultiLayerNetwork network;
  private INDArray window;

  @Setup
  public void setUp() throws Exception {
    ModelBundle loaded = ModelBundle.load(Path.of(bundle));
    kernel = loaded.newModel(Engine.KERNEL);
    dl4j = loaded.newModel(Engine.DL4J);
    kernelState = new UserState();
    kernel.resetRecurrent(kernelState);
    gruKernel = ModelBundle.load(Path.of(gruBundle)).newModel(Engine.KERNEL);
    gruKernelState = new UserState();
    gruKernel.resetRecurrent(gruKernelState);
    dl4jState = new UserState();
    dl4j.resetRecurrent(dl4jState);
    Random random = new Random(42);
    vectors = new float[VECTORS][kernel.stepSize()];
    for (float[] vector : vectors) {
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) random.nextGaussian();
      }
    }
    network = networkOf(Path.of(bundle));
    int inputs = (int) network.layerInputSize(0);
    float[] sequence = new float[inputs * WINDOW];
    for (int i = 0; i < sequence.length; i++) {
      sequence[i] = (float) random.nextGaussian();
    }
    window = Nd4j.create(sequence, new long[] {1, inputs, WINDOW}, DataType.FLOAT);
  }

  @Benchmark
  public float kernelStep() {
    kernel.step(vectors[next++ & (VECTORS - 1)], kernelState);
    return kernelState.hidden()[0];
  }

  @Benchmark
  public float gruKernelStep() {
    gruKernel.step(vectors[next++ & (VECTORS - 1)], gruKernelState);
    return gruKernelState.hidden()[0];
  }

  @Benchmark
  public float dl4jRnnTimeStep() {
    dl4j.step(vectors[next++ & (VECTORS - 1)], dl4jState);
    return dl4jState.hidden()[0];
  }

  @Benchmark
  public INDArray fullWindow() {
    network.rnnClearPreviousState();
    return network.output(window, false);
  }

  /** The bundle's DL4J network, as the reference engine reads it. */
  static MultiLayerNetwork networkOf(Path bundle) throws IOException {
    return NetworkBundles.network(ModelBundle.load(bundle));
  }
}
