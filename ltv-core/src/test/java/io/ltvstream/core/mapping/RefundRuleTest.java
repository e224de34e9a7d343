package io.ltvstream.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RefundRuleTest {
  private final FieldMapping mapping = FieldMapping.of(Map.of(
      FieldMapping.USER_ID, "CustomerID", FieldMapping.EVENT_TIME, "InvoiceDate",
      FieldMapping.QUANTITY, "Quantity", FieldMapping.UNIT_PRICE, "UnitPrice"));

  private static SourceRecord row(String invoice, String quantity) {
    return new MapSourceRecord(Map.of("InvoiceNo", invoice, "Quantity", quantity));
  }

  @Test
  void roleOperandUsesTheMappedField() {
    RefundRule rule = RefundRule.parse("quantity<0");
    assertThat(rule.matches(row("1", "-2"), mapping)).isTrue();
    assertThat(rule.matches(row("1", "2"), mapping)).isFalse();
  }

  @Test
  void fieldOperandComparesText() {
    RefundRule rule = RefundRule.parse("field:InvoiceNo startsWith C");
    assertThat(rule.matches(row("C536379", "1"), mapping)).isTrue();
    assertThat(rule.matches(row("536379", "1"), mapping)).isFalse();
  }

  @Test
  void noneNeverMatches() {
    assertThat(RefundRule.parse("none").isNever()).isTrue();
    assertThat(RefundRule.parse("").matches(row("C1", "-1"), mapping)).isFalse();
  }

  @Test
  void aMalformedRuleIsAConfigurationError() {
    assertThatThrownBy(() -> RefundRule.parse("quantity is negative"))
        .isInstanceOf(MappingException.class).hasMessageContaining("refund.when");
    assertThatThrownBy(() -> RefundRule.parse("quantity < zero"))
        .isInstanceOf(MappingException.class).hasMessageContaining("not a number");
  }
}
