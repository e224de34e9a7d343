package io.ltvstream.core.cleaning;

import io.ltvstream.core.mapping.MappingException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Conversion rates into one base currency: how many base units one unit of a currency is worth.
 * Written as {@code EUR=1.08, GBP=1.27} (commas, semicolons or new lines between entries). The
 * base currency converts at 1. Immutable.
 */
public final class CurrencyRates {
  private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

  private final String base;
  private final Map<String, Double> rates;

  private CurrencyRates(String base, Map<String, Double> rates) {
    this.base = base;
    this.rates = Collections.unmodifiableMap(rates);
  }

  /**
   * @param base ISO 4217 code of the base currency
   * @param table entries {@code CODE=rate}; blank for none
   * @throws MappingException if a code or rate is malformed, or a rate is not positive and finite
   */
  public static CurrencyRates parse(String base, String table) {
    String baseCode = normalize(base);
    if (baseCode == null) {
      throw new MappingException("base currency '" + base + "' is not a three-letter ISO 4217 code");
    }
    Map<String, Double> rates = new TreeMap<>();
    if (table != null) {
      for (String entry : table.split("[,;\\n]")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        String code = eq < 0 ? null : normalize(entry.substring(0, eq));
        double rate;
        try {
          rate = eq < 0 ? Double.NaN : Double.parseDouble(entry.substring(eq + 1).trim());
        } catch (NumberFormatException e) {
          rate = Double.NaN;
        }
        if (code == null || !(rate > 0) || Double.isInfinite(rate)) {
          throw new MappingException("currency rate '" + entry.trim()
              + "' is not CODE=rate with a three-letter code and a positive number");
        }
        rates.put(code, rate);
      }
    }
    rates.put(baseCode, 1.0);
    return new CurrencyRates(baseCode, rates);
  }

  public String base() {
    return base;
  }

  /** Base units per unit of {@code currency}, or empty when the table has no rate for it. */
  public OptionalDouble rate(String currency) {
    Double rate = rates.get(currency);
    return rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate);
  }

  public Map<String, Double> asMap() {
    return rates;
  }

  /** Upper-case three-letter code, or null when {@code text} is not one. */
  public static String normalize(String text) {
    if (text == null) {
      return null;
    }
    String code = text.trim().toUpperCase(Locale.ROOT);
    return CODE.matcher(code).matches() ? code : null;
  }
}
