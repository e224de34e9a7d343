package io.ltvstream.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The network's weights as plain float arrays, exported from the trained DL4J layers: the recurrent
 * cell (input weights W [in x gu], recurrent weights RW [u x gu], bias b [gu], with g the cell's
 * {@link Cell#gates() gate blocks}, in DL4J's order for the LSTM: block input, forget, output,
 * input gate; in libnd4j's {@code gru} order for the GRU: reset, update, candidate), a dense ReLU
 * layer and the linear output layer.
 * Immutable and shared by all kernels of a bundle. Matrices keep DL4J's layout, one row per input
 * unit, so the kernel adds a whole row times one input at a time: an element-wise loop the JIT
 * vectorizes, where a dot product per output (a float reduction) stays scalar.
 *
 * <p>The bundle's {@code weights.bin} is {@link #toBytes()}: the cell's magic ("LSTM", as before
 * there were two cells, or "GRU3"), the four sizes, then every matrix row by row, big-endian
 * floats. Reading it needs no DL4J.
 */
public final class NetworkWeights {
  final Cell cell;
  final int inputs;
  final int units;
  final int dense;
  final int outputs;
  /** [inputs][gates u] */
  final float[][] inputWeights;
  /** [units][gates u] */
  final float[][] recurrentWeights;
  final float[] gateBias;
  /** [units][dense] */
  final float[][] denseWeights;
  final float[] denseBias;
  /** [dense][outputs] */
  final float[][] outputWeights;
  final float[] outputBias;

  /**
   * Weights in DL4J's layout; the sizes are read from the arrays and must agree.
   *
   * @throws IllegalArgumentException when the shapes disagree
   */
  public NetworkWeights(Cell cell, float[][] inputWeights, float[][] recurrentWeights, float[] gateBias,
      float[][] denseWeights, float[] denseBias, float[][] outputWeights, float[] outputBias) {
    this.cell = cell;
    this.inputs = inputWeights.length;
    this.units = recurrentWeights.length;
    this.dense = denseBias.length;
    this.outputs = outputBias.length;
    this.inputWeights = inputWeights;
    this.recurrentWeights = recurrentWeights;
    this.gateBias = gateBias;
    this.denseWeights = denseWeights;
    this.denseBias = denseBias;
    this.outputWeights = outputWeights;
    this.outputBias = outputBias;
    int gateWidth = cell.gates() * units;
    check("W", inputWeights, inputs, gateWidth);
    check("RW", recurrentWeights, units, gateWidth);
    check("b", gateBias, gateWidth);
    check("dense W", denseWeights, units, dense);
    check("output W", outputWeights, dense, outputs);
  }

  public Cell cell() {
    return cell;
  }

  public int inputs() {
    return inputs;
  }

  public int units() {
    return units;
  }

  public int outputs() {
    return outputs;
  }

  /** The {@code weights.bin} form. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(cell.magic);
      out.writeInt(inputs);
      out.writeInt(units);
      out.writeInt(dense);
      out.writeInt(outputs);
      write(out, inputWeights);
      write(out, recurrentWeights);
      write(out, gateBias);
      write(out, denseWeights);
      write(out, denseBias);
      write(out, outputWeights);
      write(out, outputBias);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads {@link #toBytes()}.
   *
   * @throws IOException when the bytes are truncated or not weights of a known cell
   */
  public static NetworkWeights fromBytes(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    int magic = in.readInt();
    Cell cell = null;
    for (Cell c : Cell.values()) {
      if (c.magic == magic) {
        cell = c;
      }
    }
    if (cell == null) {
      throw new IOException("not network weights (bad magic " + Integer.toHexString(magic) + ")");
    }
    int inputs = in.readInt();
    int units = in.readInt();
    int dense = in.readInt();
    int outputs = in.readInt();
    if (inputs <= 0 || units <= 0 || dense <= 0 || outputs <= 0 || inputs > 4096 || units > 4096
        || dense > 4096 || outputs > 4096) {
      throw new IOException("implausible sizes " + inputs + "/" + units + "/" + dense + "/" + outputs);
    }
    int gateWidth = cell.gates() * units;
    NetworkWeights weights = new NetworkWeights(cell, read(in, inputs, gateWidth), read(in, units, gateWidth),
        read(in, gateWidth), read(in, units, dense), read(in, dense), read(in, dense, outputs), read(in, outputs));
    if (in.read() != -1) {
      throw new IOException("trailing bytes after the weights");
    }
    return weights;
  }

  private static void write(DataOutputStream out, float[][] matrix) throws IOException {
    for (float[] row : matrix) {
      write(out, row);
    }
  }

  private static void write(DataOutputStream out, float[] vector) throws IOException {
    for (float v : vector) {
      out.writeFloat(v);
    }
  }

  private static float[][] read(DataInputStream in, int rows, int columns) throws IOException {
    float[][] matrix = new float[rows][];
    for (int r = 0; r < rows; r++) {
      matrix[r] = read(in, columns);
    }
    return matrix;
  }

  private static float[] read(DataInputStream in, int length) throws IOException {
    float[] vector = new float[length];
    for (int i = 0; i < length; i++) {
      vector[i] = in.readFloat();
    }
    return vector;
  }

  private static void check(String name, float[][] matrix, int rows, int columns) {
    if (matrix.length != rows) {
      throw new IllegalArgumentException(name + " has " + matrix.length + " rows, expected " + rows);
    }
    for (float[] row : matrix) {
      check(name, row, columns);
    }
  }

  private static void check(String name, float[] vector, int length) {
    if (vector.length != length) {
      throw new IllegalArgumentException(name + " has length " + vector.length + ", expected " + length);
    }
  }
}
