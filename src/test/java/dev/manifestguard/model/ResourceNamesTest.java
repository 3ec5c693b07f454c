package dev.manifestguard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@link ResourceNames#isQualifiedName} answers as the two regular expressions
 * Kubernetes' IsQualifiedName is made of.
 */
class ResourceNamesTest {
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static boolean byRegex(String s) {
    String[] parts = s.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      if (prefix.isEmpty()
          || prefix.length() > 253
          || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
      name = parts[1];
    } else {
      return false;
    }
    return !name.isEmpty() && name.length() <= 63 && NAME.matcher(name).matches();
  }

  @Test
  void knownNames() {
    assertThat(ResourceNames.isQualifiedName("cpu")).isTrue();
    assertThat(ResourceNames.isQualifiedName("nvidia.com/gpu")).isTrue();
    assertThat(ResourceNames.isQualifiedName("requests.example.com/foo_bar.Baz")).isTrue();
    assertThat(ResourceNames.isQualifiedName("Example.com/gpu")).isFalse();
    assertThat(ResourceNames.isQualifiedName("example..com/gpu")).isFalse();
    assertThat(ResourceNames.isQualifiedName("/gpu")).isFalse();
    assertThat(ResourceNames.isQualifiedName("a/b/c")).isFalse();
    assertThat(ResourceNames.isQualifiedName("gpu-")).isFalse();
    assertThat(ResourceNames.isQualifiedName("")).isFalse();
    assertThat(ResourceNames.isQualifiedName("x".repeat(63))).isTrue();
    assertThat(ResourceNames.isQualifiedName("x".repeat(64))).isFalse();
  }

  @Test
  void sameAnswersAsTheRegularExpressions() {
    Random random = new Random(20261201);
    char[] alphabet = "aZ09-_./.-aé ".toCharArray();
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      int len = random.nextInt(12);
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < len; k++) {
        b.append(alphabet[random.nextInt(alphabet.length)]);
      }
      inputs.add(b.toString());
    }
    for (int len : new int[] {62, 63, 64, 252, 253, 254}) {
      inputs.add("a".repeat(len));
      inputs.add("a".repeat(len) + "/gpu");
      inputs.add("example.com/" + "b".repeat(len));
    }
    int valid = 0;
    for (String s : inputs) {
      boolean expected = byRegex(s);
      assertThat(ResourceNames.isQualifiedName(s)).as("%s", s).isEqualTo(expected);
      valid += expected ? 1 : 0;
    }
    assertThat(valid).as("the sample holds valid names too").isGreaterThan(1000);
  }
}
