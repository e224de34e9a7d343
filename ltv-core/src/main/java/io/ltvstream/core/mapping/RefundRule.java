package io.ltvstream.core.mapping;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a source record is a refund ({@code refund.when}). Forms: {@code <operand> <op> <value>}
 * where the operand is a mapped role ({@code quantity}, {@code amount}, {@code unit_price},
 * {@code event_type}) or any source field ({@code field:InvoiceNo}), and the operator is numeric
 * ({@code < <= > >= = !=}) or textual ({@code startsWith endsWith contains equals}). Examples:
 * {@code quantity<0}, {@code field:InvoiceNo startsWith C}. Blank or {@code none}: never.
 */
public final class RefundRule {
  private static final Pattern FORM = Pattern.compile(
      "^\\s*(field:\\S+|quantity|amount|unit_price|event_type)\\s*"
          + "(<=|>=|!=|<|>|=|startsWith|endsWith|contains|equals)\\s*(.*?)\\s*$");
  private static final RefundRule NEVER = new RefundRule(null, null, null, "none");

  private final String operand;
  private final String operator;
  private final String value;
  private final String text;

  private RefundRule(String operand, String operator, String value, String text) {
    this.operand = operand;
    this.operator = operator;
    this.value = value;
    this.text = text;
  }

  /** @throws MappingException if the rule has none of the accepted forms */
  public static RefundRule parse(String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
      return NEVER;
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches() || m.group(3).isEmpty()) {
      throw new MappingException("refund.when '" + text
          + "' is not '<quantity|amount|unit_price|event_type|field:NAME> <op> <value>' "
          + "with op one of < <= > >= = != startsWith endsWith contains equals");
    }
    String operator = m.group(2);
    if (isNumeric(operator)) {
      try {
        Double.parseDouble(m.group(3));
      } catch (NumberFormatException e) {
        throw new MappingException("refund.when '" + text + "' compares with '" + m.group(3)
            + "', which is not a number");
      }
    }
    return new RefundRule(m.group(1), operator, m.group(3), text.trim());
  }

  public boolean isNever() {
    return operand == null;
  }

  /**
   * @param record the source record
   * @param mapping resolves a role operand (quantity, amount, ...) to its mapped source field
   */
  public boolean matches(SourceRecord record, FieldMapping mapping) {
    if (isNever()) {
      return false;
    }
    String field = operand.startsWith("field:") ? operand.substring(6) : mapping.fieldFor(operand);
    String actual = field == null ? null : record.get(field);
    if (actual == null) {
      return false;
    }
    actual = actual.trim();
    return switch (operator) {
      case "startsWith" -> actual.startsWith(value);
      case "endsWith" -> actual.endsWith(value);
      case "contains" -> actual.contains(value);
      case "equals" -> actual.equalsIgnoreCase(value);
      default -> compare(actual);
    };
  }

  private boolean compare(String actual) {
    double left;
    try {
      left = Double.parseDouble(actual);
    } catch (NumberFormatException e) {
      return false;
    }
    double right = Double.parseDouble(value);
    return switch (operator) {
      case "<" -> left < right;
      case "<=" -> left <= right;
      case ">" -> left > right;
      case ">=" -> left >= right;
      case "=" -> left == right;
      case "!=" -> left != right;
      default -> throw new IllegalStateException("unhandled operator " + operator);
    };
  }

  private static boolean isNumeric(String operator) {
    return !Character.isLetter(operator.charAt(0));
  }

  @Override
  public String toString() {
    return text.toLowerCase(Locale.ROOT).equals("none") ? "none" : text;
  }
}
