package dev.manifestguard.rules.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Type tests with the apiserver's JSON decoding rules, and the messages for values that fail them.
 */
final class ValueTypes {
  private ValueTypes() {}

  private static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?\\d{1,18}");
  private static final Pattern NUMBER_TEXT =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  /** A decimal, even {@code 3.0}, is refused by Go's decoder for an integer field. */
  static boolean isInteger(JsonNode v) {
    return v.isIntegralNumber();
  }

  static boolean fitsInt32(JsonNode v) {
    BigInteger b = v.bigIntegerValue();
    return b.compareTo(INT32_MIN) >= 0 && b.compareTo(INT32_MAX) <= 0;
  }

  /**
   * What the value is, for messages: {@code the string "8080"}, {@code the boolean true}, {@code a
   * list}.
   */
  static String describe(JsonNode v, boolean echo) {
    if (v.isTextual()) {
      String s = v.textValue();
      return echo && s.length() <= 40 ? "the string \"" + s + "\"" : "a string";
    }
    if (v.isBoolean()) {
      return echo ? "the boolean " + v.asText() : "a boolean";
    }
    if (v.isNumber()) {
      String n =
          v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.decimalValue().toPlainString();
      return echo && n.length() <= 40 ? "the number " + n : "a number";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "an object (a map of fields)";
    }
    return "a value of another type";
  }

  /** The advice after "expected X but found Y; ": how to write the value the field takes. */
  static String advice(JsonNode v, Shape expected, boolean echo) {
    if (v.isNumber()
        && !v.isIntegralNumber()
        && (expected == Shape.Scalar.INT32
            || expected == Shape.Scalar.INT64
            || expected == Shape.Scalar.INT_OR_STRING)) {
      return "use a whole number.";
    }
    if (expected == Shape.Scalar.STRING
        || expected == Shape.Scalar.QUANTITY
        || expected == Shape.Scalar.INT_OR_STRING) {
      if (v.isBoolean()) {
        return "YAML reads true/false, yes/no and on/off as booleans: quote the value as written, for example \""
            + (v.booleanValue() ? "true" : "false")
            + "\".";
      }
      if (v.isNumber()) {
        String raw = v.isIntegralNumber() ? v.asText() : v.decimalValue().toPlainString();
        return echo ? "quote it: \"" + raw + "\"." : "quote the value.";
      }
    }
    if (v.isTextual() && (expected == Shape.Scalar.INT32 || expected == Shape.Scalar.INT64)) {
      String s = v.textValue().trim();
      if (INTEGER_TEXT.matcher(s).matches()) {
        return echo ? "write it without quotes: " + s + "." : "write the number without quotes.";
      }
    }
    if (v.isTextual()
        && expected == Shape.Scalar.NUMBER
        && NUMBER_TEXT.matcher(v.textValue().trim()).matches()) {
      return echo
          ? "write it without quotes: " + v.textValue().trim() + "."
          : "write the number without quotes.";
    }
    if (v.isTextual() && expected == Shape.Scalar.BOOLEAN) {
      String s = v.textValue().trim().toLowerCase(java.util.Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return "write it without quotes: " + s + ".";
      }
    }
    if (v.isObject() && expected instanceof Shape.Scalar) {
      return "in YAML a value written as {...} is a map; quote it if it is meant as text.";
    }
    if (expected instanceof Shape.ListOf && !v.isArray()) {
      return "write it as a list (items starting with \"- \").";
    }
    return "write " + expected(expected) + " here.";
  }

  static String expected(Shape s) {
    if (s instanceof Shape.Scalar sc) {
      return sc.expected;
    }
    if (s instanceof Shape.ListOf) {
      return "a list";
    }
    if (s instanceof Shape.MapOf) {
      return "a map";
    }
    return "an object (a map of fields)";
  }
}
