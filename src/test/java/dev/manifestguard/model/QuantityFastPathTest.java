package dev.manifestguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The long-arithmetic fast path of {@link Quantity#parse} gives exactly what the general BigInteger
 * path gives.
 */
class QuantityFastPathTest {
  private static final String[] SUFFIXES = {
    "", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "e3", "K",
    "ki", "Mb", " ", "i"
  };

  @Test
  void sameFieldsAsTheGeneralPath() {
    Random random = new Random(20261123);
    List<String> inputs =
        new ArrayList<>(
            List.of(
                "0",
                "-0",
                "+0",
                "0Ki",
                "-0Mi",
                "1",
                "100m",
                "0.5",
                ".5",
                "5.",
                "1023",
                "1024",
                "1025Ki",
                "-2048",
                "1000000000000000",
                "100000000000000",
                "999999999999999Ei",
                "7Ei",
                "8Ei",
                "15Ei",
                "1Ei",
                "512Mi",
                "-512Mi",
                "0.000000001",
                "0.0000000001",
                "1n",
                "10n",
                "1.5n",
                "100u",
                "1.0",
                "10.00",
                "0001",
                "1000E",
                "12E",
                "250000m",
                "1e3",
                "1.5Gi",
                "."));
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      int sign = random.nextInt(6);
      if (sign == 0) {
        b.append('-');
      } else if (sign == 1) {
        b.append('+');
      }
      int intDigits = random.nextInt(18);
      for (int d = 0; d < intDigits; d++) {
        b.append(random.nextInt(3) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
      }
      if (random.nextInt(3) == 0) {
        b.append('.');
        int frac = random.nextInt(12);
        for (int d = 0; d < frac; d++) {
          b.append(random.nextInt(3) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
        }
      }
      b.append(SUFFIXES[random.nextInt(SUFFIXES.length)]);
      inputs.add(b.toString());
    }
    int fast = 0;
    for (String s : inputs) {
      Quantity small = Quantity.parseSmall(s);
      if (small == null) {
        continue;
      }
      fast++;
      Quantity general = Quantity.parseGeneral(s);
      assertThat(small.original()).as(s).isEqualTo(general.original());
      assertThat(small.number()).as(s).isEqualTo(general.number());
      assertThat(small.suffix()).as(s).isEqualTo(general.suffix());
      assertThat(small.format()).as(s).isEqualTo(general.format());
      assertThat(small.value())
          .as(s)
          .isEqualTo(general.value()); // BigDecimal.equals: unscaled value and scale
      assertThat(small.kubernetesValue()).as(s).isEqualTo(general.kubernetesValue());
      assertThat(small.canonical()).as(s).isEqualTo(general.canonical());
      assertThat(small).as(s).isEqualTo(general);
      assertThat(small.hashCode()).as(s).isEqualTo(general.hashCode());
    }
    assertThat(fast).isGreaterThan(inputs.size() / 4);
  }

  @Test
  void errorsAreLeftToTheGeneralPath() {
    for (String s : List.of("", "-", "Ki", "1ki", "1 ", "1.5.5", "1Mb", "1i", "1e", "0x10")) {
      assertThat(Quantity.parseSmall(s)).as(s).isNull();
    }
    assertThatThrownBy(() -> Quantity.parse("1ki")).isInstanceOf(QuantityFormatException.class);
  }
}
