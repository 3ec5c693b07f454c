package dev.manifestguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class QuantityTest {

  /**
   * Kubernetes' own verdicts, shared by every developer; see quantity-cases.README.md next to it.
   */
  private static final Path CASES = Path.of("..", "shared", "conformance", "quantity-cases.json");

  /**
   * Extra verdicts for inputs the shared table does not reach (digit-less numbers, exponent limits,
   * suffixes past E), produced by running apimachinery's own ParseQuantity; provenance in the file.
   */
  private static final String EDGE_CASES = "/quantity/apimachinery-edge-cases.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Quantity.Format> FORMATS =
      Map.of(
          "BinarySI", Quantity.Format.BINARY_SI,
          "DecimalSI", Quantity.Format.DECIMAL_SI,
          "DecimalExponent", Quantity.Format.DECIMAL_EXPONENT);

  /**
   * One dynamic test per row of the shared table. Every row is asserted; none is skipped.
   *
   * <ul>
   *   <li>{@code valid=true}: parses, {@link Quantity#canonical()} equals {@code
   *       canonical_or_empty}, and, where the row gives them, {@link Quantity#kubernetesValue()}
   *       equals {@code exact_value} (which is Kubernetes' stored value: {@code 9Ei} is capped
   *       there) and the format matches.
   *   <li>{@code valid=false}: {@link Quantity#parse} throws {@link QuantityFormatException}.
   *   <li>{@code valid=scanner-only} ({@code "."}, {@code "-."}): no Kubernetes test asserts their
   *       ParseQuantity result; reading ParseQuantity (and running it, see the edge-case file)
   *       shows it returns zero without error, so we assert they parse as zero.
   *   <li>{@code JSON:} rows are json.Unmarshal inputs, not ParseQuantity inputs: Kubernetes'
   *       UnmarshalJSON trims whitespace first. Our YAML/JSON layer hands strings over untrimmed,
   *       so these are context rows: we assert the trimmed string parses, and that a string with
   *       whitespace of its own is refused by {@link Quantity#parse} itself.
   * </ul>
   */
  @TestFactory
  Stream<DynamicTest> sharedConformanceTable() throws IOException {
    if (!Files.isRegularFile(CASES)) {
      fail(
          "conformance table missing: "
              + CASES.toAbsolutePath().normalize()
              + " (tests run from the project root, with ../shared beside it)");
    }
    JsonNode rows = JSON.readTree(CASES.toFile());
    assertThat(rows.isArray() && rows.size() > 0).as("%s holds a non-empty array", CASES).isTrue();
    return StreamSupport.stream(rows.spliterator(), false).map(QuantityTest::sharedRow);
  }

  private static DynamicTest sharedRow(JsonNode row) {
    String input = row.get("input").asText();
    String valid = row.get("valid").asText();
    if (input.startsWith("JSON:")) {
      return DynamicTest.dynamicTest(
          "context (json.Unmarshal) " + input, () -> jsonContextRow(input));
    }
    switch (valid) {
      case "true":
        return DynamicTest.dynamicTest(
            "valid " + quote(input),
            () ->
                assertValid(
                    input,
                    row.get("canonical_or_empty").asText(),
                    row.get("exact_value").asText(),
                    row.get("format").asText()));
      case "false":
        return DynamicTest.dynamicTest("invalid " + quote(input), () -> assertInvalid(input));
      case "scanner-only":
        return DynamicTest.dynamicTest(
            "scanner-only, parses as zero " + quote(input),
            () -> assertValid(input, "0", "0", "DecimalSI"));
      default:
        return DynamicTest.dynamicTest(
            "unknown row kind " + quote(input),
            () ->
                fail(
                    "row %s has unexpected valid=%s; decide how to treat it", quote(input), valid));
    }
  }

  private static void jsonContextRow(String input) throws IOException {
    JsonNode decoded = JSON.readTree(input.substring("JSON:".length()));
    String text = decoded.asText();
    assertThat(Quantity.tryParse(text.strip())).as("trimmed %s", quote(text)).isPresent();
    if (!text.equals(text.strip())) {
      assertThat(Quantity.tryParse(text)).as("untrimmed %s", quote(text)).isEmpty();
    }
  }

  /** Apimachinery-generated verdicts for corners of the grammar the shared table does not reach. */
  @TestFactory
  Stream<DynamicTest> apimachineryEdgeCases() throws IOException {
    JsonNode cases;
    try (InputStream in = QuantityTest.class.getResourceAsStream(EDGE_CASES)) {
      assertThat(in).as("test resource %s", EDGE_CASES).isNotNull();
      cases = JSON.readTree(in).get("cases");
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      String input = c.get("input").asText();
      if (c.get("valid").asBoolean()) {
        tests.add(
            DynamicTest.dynamicTest(
                "valid " + quote(input),
                () ->
                    assertValid(input, c.get("canonical").asText(), "", c.get("format").asText())));
      } else {
        tests.add(DynamicTest.dynamicTest("invalid " + quote(input), () -> assertInvalid(input)));
      }
    }
    return tests.stream();
  }

  private static void assertValid(
      String input, String canonical, String storedValue, String format) {
    Quantity q;
    try {
      q = Quantity.parse(input);
    } catch (QuantityFormatException e) {
      throw new AssertionError(
          "Kubernetes accepts " + quote(input) + " but we refuse it: " + e.getMessage());
    }
    assertThat(q.canonical()).as("canonical of %s", quote(input)).isEqualTo(canonical);
    if (!storedValue.isEmpty()) {
      assertThat(q.kubernetesValue())
          .as("stored value of %s", quote(input))
          .isEqualByComparingTo(new BigDecimal(storedValue));
    }
    if (!format.isEmpty()) {
      assertThat(q.format()).as("format of %s", quote(input)).isEqualTo(FORMATS.get(format));
    }
    assertThat(q.original()).isEqualTo(input);
    assertThat(q.number() + q.suffix()).isEqualTo(input);
  }

  private static void assertInvalid(String input) {
    assertThatThrownBy(() -> Quantity.parse(input))
        .as("Kubernetes refuses %s", quote(input))
        .isInstanceOf(QuantityFormatException.class);
    assertThat(Quantity.tryParse(input)).isEmpty();
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  // ---- targeted behaviour --------------------------------------------------------------------

  @Test
  void negativeQuantitiesParse() {
    // the apiserver refuses them later, in validation; the grammar accepts them
    Quantity q = Quantity.parse("-512Mi");
    assertThat(q.isNegative()).isTrue();
    assertThat(q.isZero()).isFalse();
    assertThat(q.value()).isEqualByComparingTo("-536870912");
    assertThat(q.canonical()).isEqualTo("-512Mi");
    assertThat(Quantity.parse("-0").isNegative()).isFalse();
    assertThat(Quantity.parse("-0").isZero()).isTrue();
  }

  @Test
  void rejectsWhatLenientParsersAccept() {
    for (String s :
        List.of(
            "1m5",
            "512MB",
            "1.5 Gi",
            "0x10",
            "1gi",
            "1K",
            "1 ",
            " 1",
            "\t1",
            "1\n",
            "1e",
            "1e+",
            "1Ee3",
            "1e99999999999999999999",
            "١",
            "1_000",
            "1,5")) {
      assertThatThrownBy(() -> Quantity.parse(s))
          .as(quote(s))
          .isInstanceOf(QuantityFormatException.class);
    }
    assertThatThrownBy(() -> Quantity.parse(null)).isInstanceOf(QuantityFormatException.class);
  }

  @Test
  void exceptionCarriesInputAndShortReason() {
    QuantityFormatException e = catchFormat("512MB");
    assertThat(e.input()).isEqualTo("512MB");
    assertThat(e.getMessage()).isEqualTo("unknown suffix \"MB\"");
    assertThat(catchFormat("1.5 Gi").getMessage()).isEqualTo("whitespace at position 3");
    assertThat(catchFormat("").getMessage()).isEqualTo("empty quantity");
    assertThat(catchFormat("1m5").getMessage()).isEqualTo("unknown suffix \"m5\"");
    assertThat(catchFormat("1.1.M").getMessage())
        .isEqualTo("unexpected character '.' at position 3");
  }

  private static QuantityFormatException catchFormat(String s) {
    try {
      Quantity.parse(s);
    } catch (QuantityFormatException e) {
      return e;
    }
    throw new AssertionError("expected " + quote(s) + " to be refused");
  }

  @Test
  void comparesByValueNotSpelling() {
    assertThat(Quantity.parse("1Gi")).isGreaterThan(Quantity.parse("1000Mi"));
    assertThat(Quantity.parse("1G")).isLessThan(Quantity.parse("1Gi"));
    assertThat(Quantity.parse("256M")).isLessThan(Quantity.parse("256Mi"));
    assertThat(Quantity.parse("1")).isEqualByComparingTo(Quantity.parse("1000m"));
    assertThat(Quantity.parse("1Gi"))
        .isEqualTo(Quantity.parse("1024Mi"))
        .hasSameHashCodeAs(Quantity.parse("1024Mi"));
    assertThat(Quantity.parse("1"))
        .isEqualTo(Quantity.parse("1.000"))
        .hasSameHashCodeAs(Quantity.parse("1e0"));
    assertThat(Quantity.parse("100m")).isNotEqualTo(Quantity.parse("0.1001"));
  }

  @Test
  void exactValues() {
    assertThat(Quantity.parse("100m").value()).isEqualByComparingTo("0.1");
    assertThat(Quantity.parse("1Ki").value()).isEqualByComparingTo("1024");
    assertThat(Quantity.parse("1.5Gi").value()).isEqualByComparingTo("1610612736");
    assertThat(Quantity.parse("1.3E+6").value()).isEqualByComparingTo("1300000");
    assertThat(Quantity.parse("12E").value()).isEqualByComparingTo("12000000000000000000");
  }

  @Test
  void kubernetesValueRoundsUpToNanoAndCapsBinary() {
    Quantity tiny = Quantity.parse("0.0000000001");
    assertThat(tiny.value()).isEqualByComparingTo("0.0000000001");
    assertThat(tiny.kubernetesValue()).isEqualByComparingTo("0.000000001");
    assertThat(tiny.canonical()).isEqualTo("1n");

    Quantity huge = Quantity.parse("9Ei");
    assertThat(huge.value()).isEqualByComparingTo("10376293541461622784");
    assertThat(huge.kubernetesValue()).isEqualByComparingTo(String.valueOf(Long.MAX_VALUE));

    // an extreme exponent must neither hang nor throw
    assertThat(Quantity.parse("1e-999999999").canonical()).isEqualTo("1e-9");
    assertThat(Quantity.parse("1e999999999").canonical()).isEqualTo("1e999999999");
  }

  @Test
  void accessorsKeepTheSpelling() {
    Quantity q = Quantity.parse("+1.50e+3");
    assertThat(q.number()).isEqualTo("+1.50");
    assertThat(q.suffix()).isEqualTo("e+3");
    assertThat(q.format()).isEqualTo(Quantity.Format.DECIMAL_EXPONENT);
    assertThat(q.original()).isEqualTo("+1.50e+3");
    assertThat(q.canonical()).isEqualTo("1500").isEqualTo(q.toString());

    Quantity plain = Quantity.parse("512");
    assertThat(plain.suffix()).isEmpty();
    assertThat(plain.format()).isEqualTo(Quantity.Format.DECIMAL_SI);
    assertThat(Quantity.parse("1.5Gi").format()).isEqualTo(Quantity.Format.BINARY_SI);
    assertThat(Quantity.parse("1.5Gi").canonical()).isEqualTo("1536Mi");
    assertThat(Quantity.parse("0.1").canonical()).isEqualTo("100m");
    assertThat(Quantity.parse("1000m").canonical()).isEqualTo("1");
  }

  @Test
  void kubernetesQuirksAreMatched() {
    // a number with no digits is zero, unless Kubernetes' arbitrary-precision path is needed
    assertThat(Quantity.parse(".").isZero()).isTrue();
    assertThat(Quantity.parse("-").isZero()).isTrue();
    assertThat(Quantity.parse("Ki").canonical()).isEqualTo("0");
    assertThat(Quantity.tryParse("Pi")).isEmpty();
    assertThat(Quantity.tryParse("e-10")).isEmpty();
    assertThat(Quantity.parse("e-9").isZero()).isTrue();
    // DecimalSI has no suffix past E, and Kubernetes then prints the bare mantissa
    assertThat(Quantity.parse("1000E").canonical()).isEqualTo("1");
    // Kubernetes keeps only the low 32 bits of an exponent
    assertThat(Quantity.parse("1e4294967296").value()).isEqualByComparingTo("1");
    assertThat(Quantity.parse("1.G").canonical()).isEqualTo("1G");
  }

  @Test
  void deliberateDivergenceAtThe32BitExponentEdge() {
    // Kubernetes' ParseQuantity never returns on this input (its exponent wraps to -2^31 and it
    // expands a 2^31-digit number); a webhook must answer, so we refuse it instead
    assertThatThrownBy(() -> Quantity.parse("1e2147483648"))
        .isInstanceOf(QuantityFormatException.class)
        .hasMessage("exponent out of range");
  }

  @Test
  void suggestions() {
    assertThat(Quantity.suggest("512MB")).isEqualTo("512M or 512Mi");
    assertThat(Quantity.suggest("512mb")).isEqualTo("512M or 512Mi");
    assertThat(Quantity.suggest("2GB")).isEqualTo("2G or 2Gi");
    assertThat(Quantity.suggest("1.5 Gi")).isEqualTo("1.5Gi");
    assertThat(Quantity.suggest("1gi")).isEqualTo("1Gi");
    assertThat(Quantity.suggest("1GiB")).isEqualTo("1Gi");
    assertThat(Quantity.suggest("100 m")).isEqualTo("100m");
    assertThat(Quantity.suggest("0x10")).isEqualTo("16");
    assertThat(Quantity.suggest("-0x10")).isEqualTo("-16");
    assertThat(Quantity.suggest("1KB")).isEqualTo("1k or 1Ki");
    assertThat(Quantity.suggest("1kb")).isEqualTo("1k or 1Ki");
    assertThat(Quantity.suggest("1K")).isEqualTo("1k or 1Ki");
    assertThat(Quantity.suggest(" 1")).isEqualTo("1");
    assertThat(Quantity.suggest("0.1mi")).isEqualTo("0.1Mi");
    assertThat(Quantity.suggest("512B")).isEqualTo("512");
    // no good guess
    assertThat(Quantity.suggest("1m5")).isNull();
    assertThat(Quantity.suggest("1.1.M")).isNull();
    assertThat(Quantity.suggest("aoeu")).isNull();
    assertThat(Quantity.suggest("1e")).isNull();
    assertThat(Quantity.suggest("")).isNull();
    assertThat(Quantity.suggest("   ")).isNull();
    assertThat(Quantity.suggest(null)).isNull();
    // nothing to suggest for a valid quantity
    assertThat(Quantity.suggest("512Mi")).isNull();
  }
}
