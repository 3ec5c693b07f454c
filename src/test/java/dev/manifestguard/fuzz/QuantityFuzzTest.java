package dev.manifestguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.manifestguard.model.Quantity;
import dev.manifestguard.model.QuantityFormatException;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link Quantity} over strings built from pieces of its grammar, mangled now and
 * then.
 */
class QuantityFuzzTest {
  private static final String[] SIGNS = {"", "", "", "+", "-", "--", "+-"};
  private static final String[] SUFFIXES = {
    "",
    "",
    "n",
    "u",
    "m",
    "k",
    "M",
    "G",
    "T",
    "P",
    "E",
    "Ki",
    "Mi",
    "Gi",
    "Ti",
    "Pi",
    "Ei",
    "e",
    "E",
    "e3",
    "E-3",
    "e+6",
    "e-10",
    "e18",
    "e-9",
    "e2147483647",
    "e-2147483648",
    "e4294967296",
    "e9223372036854775807",
    "e9223372036854775808",
    "e99999999999999999999",
    "K",
    "KB",
    "MB",
    "mi",
    "gi",
    "GiB",
    "i",
    "B",
    "ee",
    "e+",
    "e-",
    "Kii",
    "nm",
    "kk",
    "Mu",
    "e1.5",
    "x",
    "µ"
  };
  private static final String[] NOISE = {
    " ",
    "\t",
    "\n",
    "\u00a0",
    "\u3000",
    ".",
    "..",
    "+",
    "-",
    "e",
    "_",
    ",",
    "0x",
    "\u0663",
    "\uff11",
    "\u00b9",
    "\u2212",
    "\ud83d\ude00",
    "\ud800",
    "\u0000",
    "/",
    "Inf",
    "NaN"
  };

  /** A string that often is a quantity and often is a near miss. */
  static String quantityLike(Random r) {
    StringBuilder sb = new StringBuilder();
    sb.append(Fuzz.pick(r, SIGNS));
    int intDigits = Fuzz.length(r, 6, 5_000);
    if (r.nextInt(10) == 0) {
      sb.append("0".repeat(Fuzz.length(r, 5, 50_000))); // leading zeros
    }
    sb.append(Fuzz.digits(r, intDigits));
    if (r.nextInt(3) == 0) {
      sb.append('.').append(Fuzz.digits(r, Fuzz.length(r, 4, 5_000)));
      if (r.nextInt(10) == 0) {
        sb.append("0".repeat(Fuzz.length(r, 5, 50_000))); // trailing zeros
      }
    }
    String suffix = Fuzz.pick(r, SUFFIXES);
    if (r.nextInt(8) == 0) {
      suffix =
          Fuzz.pick(r, "e", "E") + Fuzz.pick(r, "", "+", "-") + Fuzz.digits(r, 1 + r.nextInt(12));
    }
    sb.append(suffix);
    int noise = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
    for (int i = 0; i < noise; i++) {
      sb.insert(r.nextInt(sb.length() + 1), Fuzz.pick(r, NOISE));
    }
    if (r.nextInt(50) == 0 && sb.length() > 0) {
      sb.setCharAt(r.nextInt(sb.length()), (char) r.nextInt(0x3000));
    }
    if (r.nextInt(100) == 0) {
      return sb.toString().repeat(1 + r.nextInt(5)); // "1Mi1Mi"
    }
    return sb.toString();
  }

  @Test
  @DisplayName("parse throws nothing but QuantityFormatException, and tryParse agrees with it")
  void parseFailsOnlyWithFormatException() {
    Fuzz.run(
        "quantity.parse",
        200_000,
        r -> {
          String s = quantityLike(r);
          Quantity parsed;
          try {
            parsed = Quantity.parse(s);
          } catch (QuantityFormatException e) {
            assertThat(e.getMessage()).as("message for %s", s).isNotBlank();
            assertThat(Quantity.tryParse(s)).as(s).isEmpty();
            return;
          }
          Optional<Quantity> tried = Quantity.tryParse(s);
          assertThat(tried).as(s).isPresent();
          assertThat(tried.get().compareTo(parsed)).as(s).isZero();
          assertThat(tried.get().canonical()).as(s).isEqualTo(parsed.canonical());
        });
  }

  @Test
  @DisplayName(
      "the canonical form parses back to the value the apiserver stores, and is a fixed point")
  void canonicalRoundTrips() {
    Fuzz.run(
        "quantity.canonical",
        200_000,
        r -> {
          String s = quantityLike(r);
          Optional<Quantity> maybe = Quantity.tryParse(s);
          if (maybe.isEmpty()) {
            return;
          }
          Quantity q = maybe.get();
          String canonical = q.canonical();
          Quantity back = Quantity.parse(canonical);
          // Always: canonicalizing again changes nothing (Kubernetes' String() is stable once
          // canonical).
          assertThat(back.canonical()).as("canonical of %s", s).isEqualTo(canonical);
          // Kubernetes prints DecimalSI values of 10^21 and up without a suffix ("1000E" -> "1"):
          // the canonical form
          // then names another number by design, and only the cases below promise the value
          // survives.
          if (!printsWithoutSuffix(q)) {
            assertThat(back.kubernetesValue().compareTo(q.kubernetesValue()))
                .as("value of %s via %s", s, canonical)
                .isZero();
            // The exact value survives unless the apiserver rounds (below 1n) or caps (BinarySI
            // above 2^63-1).
            if (q.kubernetesValue().compareTo(q.value()) == 0) {
              assertThat(back.compareTo(q)).as("%s via %s", s, canonical).isZero();
              assertThat(back).as("%s via %s", s, canonical).isEqualTo(q);
            }
          }
        });
  }

  private static boolean printsWithoutSuffix(Quantity q) {
    if (q.format() != Quantity.Format.DECIMAL_SI || q.isZero()) {
      return false;
    }
    // decimalForm lowers the exponent to a multiple of 3; past 18 (E) there is no suffix left
    java.math.BigDecimal v = q.kubernetesValue().abs().stripTrailingZeros();
    return -(long) v.scale() >= 21;
  }

  @Test
  @DisplayName("suggest never throws, and its first alternative parses")
  void suggestionsParse() {
    Fuzz.run(
        "quantity.suggest",
        200_000,
        r -> {
          String s = quantityLike(r);
          String suggestion = Quantity.suggest(s);
          if (suggestion == null) {
            return;
          }
          assertThat(Quantity.tryParse(s)).as("suggestion for valid %s", s).isEmpty();
          String first = suggestion.split(" or ", 2)[0];
          assertThat(Quantity.tryParse(first))
              .as("first alternative \"%s\" for %s", first, s)
              .isPresent();
        });
  }

  @Test
  @DisplayName("a value longer than MAX_LENGTH is refused at once, one at the limit still parses")
  void lengthCap() {
    String huge = "1".repeat(1 << 20);
    long start = System.nanoTime();
    assertThatThrownBy(() -> Quantity.parse(huge))
        .isInstanceOf(QuantityFormatException.class)
        .hasMessageContaining("longer than " + Quantity.MAX_LENGTH + " characters");
    assertThat(Quantity.tryParse(huge + "Mi")).isEmpty();
    assertThat(Quantity.suggest(huge + " Mi")).isNull();
    System.out.printf("1 MiB quantity refused in %d ms%n", (System.nanoTime() - start) / 1_000_000);

    Random r = new Random(7);
    String atLimit = Fuzz.digits(r, Quantity.MAX_LENGTH - 3) + "Mi";
    start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      assertThat(Quantity.parse("1" + atLimit).canonical()).isNotEmpty();
    }
    System.out.printf(
        "100 quantities of %d characters parsed in %d ms%n",
        Quantity.MAX_LENGTH, (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  @DisplayName("suggest does not backtrack through long digit runs")
  void suggestIsLinear() {
    String digits = Fuzz.digits(new Random(3), Quantity.MAX_LENGTH - 1);
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      assertThat(Quantity.suggest(digits + "!")).isNull();
      assertThat(Quantity.suggest(digits + "MB")).isNull(); // too long once the unit is mapped
    }
    System.out.printf(
        "200 suggestions for %d-character values in %d ms%n",
        Quantity.MAX_LENGTH, (System.nanoTime() - start) / 1_000_000);
  }
}
