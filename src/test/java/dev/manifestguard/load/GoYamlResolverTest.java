package dev.manifestguard.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Tag;

/** How plain scalars are typed, short (the word lists) and long (numbers and text only). */
class GoYamlResolverTest {
  @Test
  void wordsNumbersAndText() {
    assertThat(GoYamlResolver.plain("")).isEqualTo(Tag.NULL);
    assertThat(GoYamlResolver.plain("~")).isEqualTo(Tag.NULL);
    assertThat(GoYamlResolver.plain("NULL")).isEqualTo(Tag.NULL);
    assertThat(GoYamlResolver.plain("<<")).isEqualTo(Tag.MERGE);
    assertThat(GoYamlResolver.plain("y")).isEqualTo(Tag.BOOL);
    assertThat(GoYamlResolver.plain("FALSE")).isEqualTo(Tag.BOOL);
    assertThat(GoYamlResolver.plain("-.Inf")).isEqualTo(Tag.FLOAT);
    assertThat(GoYamlResolver.plain("12")).isEqualTo(Tag.INT);
    assertThat(GoYamlResolver.plain("1.5")).isEqualTo(Tag.FLOAT);
    assertThat(GoYamlResolver.plain("nginx")).isEqualTo(Tag.STR);
    // Longer than any word: never a null, boolean or word float.
    assertThat(GoYamlResolver.plain("nullable")).isEqualTo(Tag.STR);
    assertThat(GoYamlResolver.plain("-.infinity")).isEqualTo(Tag.STR);
    assertThat(GoYamlResolver.plain("123456")).isEqualTo(Tag.INT);
    assertThat(GoYamlResolver.plain("0x1F_FF")).isEqualTo(Tag.INT);
    assertThat(GoYamlResolver.plain("+12345.5")).isEqualTo(Tag.FLOAT);
    assertThat(GoYamlResolver.plain(".5e10")).isEqualTo(Tag.FLOAT);
    assertThat(GoYamlResolver.plain("1e400000")).isEqualTo(Tag.STR);
    assertThat(GoYamlResolver.plain("1.5e10x")).isEqualTo(Tag.STR);
    assertThat(GoYamlResolver.plain("registry.k8s.io/pause:3.9")).isEqualTo(Tag.STR);
  }
}
