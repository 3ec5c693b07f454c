package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cli.CheckCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule docs links in the CLI: once per rule in text, helpUri in SARIF, configurable base. */
class DocsLinksCliTest {
  static final String TWO_BAD_PODS =
      CheckCommandTest.BAD_POD + "---\n" + CheckCommandTest.BAD_POD.replace("web", "web2");

  @TempDir Path tmp;

  String write(String content) throws IOException {
    Path p = tmp.resolve("m.yaml");
    Files.writeString(p, content);
    return p.toString();
  }

  @Test
  void textShowsEachRulesLinkOnceBeforeTheSummary() throws IOException {
    Result r = CheckCommandTest.probe("--docs-url", "https://d.example/{id}", write(TWO_BAD_PODS));
    assertThat(r.code()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.stream().filter(l -> l.contains("deny [cli-probe-image]"))).hasSize(2);
    assertThat(lines.stream().filter(l -> l.startsWith("docs ")))
        .containsExactly("docs [cli-probe-image]: https://d.example/cli-probe-image");
    assertThat(lines.get(lines.size() - 2))
        .isEqualTo("docs [cli-probe-image]: https://d.example/cli-probe-image");
  }

  @Test
  void offRemovesTheLinks() throws IOException {
    Result r = CheckCommandTest.probe("--docs-url", "off", write(TWO_BAD_PODS));
    assertThat(r.out()).doesNotContain("docs [");
    Result sarif = CheckCommandTest.probe("--docs-url", "off", "-o", "sarif", write(TWO_BAD_PODS));
    assertThat(sarif.out()).doesNotContain("helpUri");
  }

  @Test
  void sarifRulesCarryHelpUriWithTheDefaultBase() throws IOException {
    JsonNode sarif = CheckCommandTest.probe("-o", "sarif", write(TWO_BAD_PODS)).json();
    List<String> uris = new ArrayList<>();
    sarif
        .path("runs")
        .get(0)
        .path("tool")
        .path("driver")
        .path("rules")
        .forEach(r -> uris.add(r.path("id").asText() + " " + r.path("helpUri").asText()));
    assertThat(uris)
        .contains(
            "cli-probe-image https://github.com/manifest-guard/manifest-guard/blob/main/"
                + "src/main/resources/rules/cli-probe-image.md");
  }

  @Test
  void theDefaultLinksPointAtPagesThatExistInTheRepository() {
    JsonNode sarif = CheckCommandTest.real("--list-rules", "-o", "json").json();
    String prefix = "https://github.com/manifest-guard/manifest-guard/blob/main/";
    sarif.forEach(
        rule -> {
          String id = rule.path("id").asText();
          String url = dev.manifestguard.engine.DocsLinks.DEFAULT.url(id);
          assertThat(url).startsWith(prefix);
          assertThat(Path.of(url.substring(prefix.length()))).as(id).exists();
        });
  }
}
