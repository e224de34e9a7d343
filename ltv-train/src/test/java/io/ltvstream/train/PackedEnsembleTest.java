package io.ltvstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.model.Cell;
import io.ltvstream.model.ModelInputs;
import io.ltvstream.model.ValueHead;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PackedEnsembleTest {
  @ParameterizedTest
  @EnumSource(Cell.class)
  void packedNetworkComputesEachMembersOutputsSideBySide(Cell cell) {
    List<MultiLayerNetwork> members = List.of(
        LtvNetwork.create(cell, ModelInputs.SIZE, 8, 6, 1e-3, 0, 1),
        LtvNetwork.create(cell, ModelInputs.SIZE, 8, 6, 1e-3, 0, 2),
        LtvNetwork.create(cell, ModelInputs.SIZE, 4, 2, 1e-3, 0, 3));
    Nd4j.getRandom().setSeed(5);
    for (MultiLayerNetwork member : members) {
      // every parameter random, biases included (they start at zero or one)
      member.setParams(Nd4j.randn(DataType.FLOAT, 1, member.numParams()).muli(0.5));
    }
    MultiLayerNetwork packed = PackedEnsemble.pack(members, 1e-3, 0, 7);
    assertThat(LtvNetwork.cell(packed)).isEqualTo(cell);
    assertThat(LtvNetwork.units(packed)).isEqualTo(20);
    assertThat(packed.layerSize(1)).isEqualTo(14);
    assertThat(packed.layerSize(2)).isEqualTo(12);

    Nd4j.getRandom().setSeed(3);
    INDArray sequences = Nd4j.randn(DataType.FLOAT, 5, ModelInputs.SIZE, 12).muli(2);
    INDArray all = packed.output(sequences);
    for (int k = 0; k < members.size(); k++) {
      INDArray own = members.get(k).output(sequences);
      INDArray slice = all.get(NDArrayIndex.all(), NDArrayIndex.interval(4 * k, 4 * k + 4), NDArrayIndex.all());
      assertThat(own.std(0, 1, 2).getDouble(0)).as("member %d varies", k).isGreaterThan(0.01);
      assertThat(slice.sub(own).amaxNumber().doubleValue()).as("member %d", k).isLessThan(1e-5);
    }
  }

  @Test
  void oneMemberIsItsOwnPacking() {
    MultiLayerNetwork member = LtvNetwork.create(Cell.LSTM, ModelInputs.SIZE, 8, 6, 1e-3, 0, 1);
    assertThat(PackedEnsemble.pack(List.of(member), 1e-3, 0, 7)).isSameAs(member);
  }

  @Test
  void membersOfDifferentInputsAreRefused() {
    List<MultiLayerNetwork> members = List.of(LtvNetwork.create(Cell.LSTM, ModelInputs.SIZE, 8, 6, 1e-3, 0, 1),
        LtvNetwork.create(Cell.LSTM, ModelInputs.SIZE + 1, 8, 6, 1e-3, 0, 2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PackedEnsemble.pack(members, 1e-3, 0, 7))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputs");
  }

  @Test
  void headAveragesTheMembersPurchaseDaysAndSpend() {
    float[] a = {-3.0f, -5.0f, 3.0f, -0.5f};
    float[] b = {-2.0f, -4.0f, 3.5f, -0.2f};
    float[] both = {a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]};
    ValueHead.Expected ea = ValueHead.expected(a, null, 91, 91, 1);
    ValueHead.Expected eb = ValueHead.expected(b, null, 91, 91, 1);
    ValueHead.Expected ensemble = ValueHead.expected(both, null, 91, 91, 1);
    assertThat(ea.transactions()).isNotCloseTo(eb.transactions(), within(0.01));
    assertThat(ensemble.transactions()).isCloseTo((ea.transactions() + eb.transactions()) / 2, within(1e-12));
    assertThat(ensemble.spend()).isCloseTo((ea.spend() + eb.spend()) / 2, within(1e-9));
    assertThat(ea.spend()).isCloseTo(ea.transactions() * ValueHead.meanSpend(a[2], a[3]), within(1e-9));
    assertThat(ValueHead.expected(new float[] {a[0], a[1], a[2], a[3], a[0], a[1], a[2], a[3]}, null, 91, 91,
        0.8)).isEqualTo(ValueHead.expected(a, null, 91, 91, 0.8));
  }
}
