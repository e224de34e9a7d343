package io.ltvstream.model;

import java.util.Locale;

/**
 * The recurrent cell of a bundle's network. Both keep the same dense ReLU layer, four outputs and
 * value head; they differ in the gate blocks of the recurrent weights and in the state they carry.
 */
public enum Cell {
  /** DL4J's LSTM layer: gate blocks block input, forget, output, input gate; state h and c. */
  LSTM(4, 0x4c53544d), // "LSTM"
  /** libnd4j's {@code gru} op, trained through SameDiff: gate blocks reset, update, candidate; state h only. */
  GRU(3, 0x47525533); // "GRU3"

  private final int gates;
  final int magic;

  Cell(int gates, int magic) {
    this.gates = gates;
    this.magic = magic;
  }

  /** Gate blocks of {@link NetworkWeights}' recurrent matrices: each {@code units} wide. */
  public int gates() {
    return gates;
  }

  /** The lower-case name: the version prefix, the {@code --cell} value and the evaluate entry. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
