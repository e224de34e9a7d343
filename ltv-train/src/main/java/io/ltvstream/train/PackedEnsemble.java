package io.ltvstream.train;

import io.ltvstream.model.Cell;
import io.ltvstream.model.ValueHead;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Packs independently trained member networks (each an {@link LtvNetwork} with four outputs) into
 * one network of the same shape whose weights are block-diagonal: member k owns its slice of every
 * gate block of the cell (LSTM or GRU: a GRU member's reset gate scales only its own h), of the dense layer and outputs {@code 4k..4k+3}, and sees nothing of the others.
 * So the packed network computes exactly the members' outputs side by side; the kernel and DL4J step
 * it like any network, and a user's h/c is the members' h/c laid end to end, no bigger than one
 * network of the packed width.
 */
final class PackedEnsemble {
  private PackedEnsemble() {}

  /** Members in output order; all must have the same inputs, and each four outputs. */
  static MultiLayerNetwork pack(List<MultiLayerNetwork> members, double learningRate, double l2, long seed) {
    if (members.size() == 1) {
      return members.get(0);
    }
    Cell cell = LtvNetwork.cell(members.get(0));
    int inputs = LtvNetwork.inputs(members.get(0));
    int units = 0;
    int dense = 0;
    for (MultiLayerNetwork member : members) {
      if (LtvNetwork.cell(member) != cell || LtvNetwork.inputs(member) != inputs
          || member.layerSize(2) != ValueHead.OUTPUTS) {
        throw new IllegalArgumentException("Members must share the " + cell + " cell and " + inputs
            + " inputs and have " + ValueHead.OUTPUTS + " outputs each");
      }
      units += LtvNetwork.units(member);
      dense += (int) member.layerSize(1);
    }
    MultiLayerNetwork packed = LtvNetwork.create(cell, inputs, units, dense, ValueHead.OUTPUTS * members.size(),
        learningRate, l2, seed);
    packed.params().assign(0);
    int unitOffset = 0;
    int denseOffset = 0;
    for (int k = 0; k < members.size(); k++) {
      MultiLayerNetwork member = members.get(k);
      int u = LtvNetwork.units(member);
      int d = (int) member.layerSize(1);
      for (int gate = 0; gate < cell.gates(); gate++) {
        INDArrayIndex from = NDArrayIndex.interval(gate * u, (gate + 1) * u);
        INDArrayIndex to = NDArrayIndex.interval(gate * units + unitOffset, gate * units + unitOffset + u);
        copy(member, packed, 0, "W", NDArrayIndex.all(), from, NDArrayIndex.all(), to);
        copy(member, packed, 0, "RW", NDArrayIndex.all(), from,
            NDArrayIndex.interval(unitOffset, unitOffset + u), to);
        copyBias(member, packed, 0, from, to);
      }
      copy(member, packed, 1, "W", NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.interval(unitOffset, unitOffset + u), NDArrayIndex.interval(denseOffset, denseOffset + d));
      copyBias(member, packed, 1, NDArrayIndex.all(), NDArrayIndex.interval(denseOffset, denseOffset + d));
      INDArrayIndex outputs = NDArrayIndex.interval(k * ValueHead.OUTPUTS, (k + 1) * ValueHead.OUTPUTS);
      copy(member, packed, 2, "W", NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.interval(denseOffset, denseOffset + d), outputs);
      copyBias(member, packed, 2, NDArrayIndex.all(), outputs);
      unitOffset += u;
      denseOffset += d;
    }
    return packed;
  }

  /** Copies {@code member}'s parameter block {@code [fromRows, fromColumns]} into the packed {@code [toRows, toColumns]}. */
  private static void copy(MultiLayerNetwork member, MultiLayerNetwork packed, int layer, String param,
      INDArrayIndex fromRows, INDArrayIndex fromColumns, INDArrayIndex toRows, INDArrayIndex toColumns) {
    INDArray source = member.getLayer(layer).getParam(param).get(fromRows, fromColumns);
    packed.getLayer(layer).getParam(param).get(toRows, toColumns).assign(source);
  }

  /** Copies {@code member}'s bias entries {@code from} into the packed bias entries {@code to}. */
  private static void copyBias(MultiLayerNetwork member, MultiLayerNetwork packed, int layer, INDArrayIndex from,
      INDArrayIndex to) {
    INDArray source = member.getLayer(layer).getParam("b").reshape(-1).get(from);
    packed.getLayer(layer).getParam("b").reshape(-1).get(to).assign(source);
  }
}
