package io.ltvstream.core.cleaning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltvstream.core.mapping.MappingException;
import org.junit.jupiter.api.Test;

class CurrencyRatesTest {
  @Test
  void parsesEntriesAndConvertsTheBaseAtOne() {
    CurrencyRates rates = CurrencyRates.parse("eur", "USD=0.92; gbp = 1.17\nCHF=1.05");
    assertThat(rates.base()).isEqualTo("EUR");
    assertThat(rates.rate("EUR")).hasValue(1.0);
    assertThat(rates.rate("GBP")).hasValue(1.17);
    assertThat(rates.rate("USD")).hasValue(0.92);
    assertThat(rates.rate("JPY")).isEmpty();
  }

  @Test
  void malformedEntriesAreConfigurationErrors() {
    assertThatThrownBy(() -> CurrencyRates.parse("USD", "EUR:1.1")).isInstanceOf(MappingException.class);
    assertThatThrownBy(() -> CurrencyRates.parse("USD", "EUR=-1")).hasMessageContaining("EUR=-1");
    assertThatThrownBy(() -> CurrencyRates.parse("USD", "EURO=1")).hasMessageContaining("three-letter");
    assertThatThrownBy(() -> CurrencyRates.parse("dollar", null)).hasMessageContaining("base currency");
  }
}
