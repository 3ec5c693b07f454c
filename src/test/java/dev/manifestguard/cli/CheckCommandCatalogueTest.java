package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with the real catalogue, through the public entry point. */
class CheckCommandCatalogueTest {
  @TempDir Path tmp;

  @Test
  @DisplayName(
      "a negative memory limit is a deny that names the rule, the path and the line/column of -512Mi")
  void negativeMemory() throws IOException {
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: nginx:1.27
              resources:
                requests:
                  memory: 256Mi
                limits:
                  memory: -512Mi
        """;
    Path file = tmp.resolve("pod.yaml");
    Files.writeString(file, pod);
    CheckCommandTest.Result r = CheckCommandTest.real("-o", "json", file.toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode negative = null;
    for (JsonNode f : r.json().get("findings")) {
      if (f.get("rule").asText().equals("resource-quantity-negative")) {
        negative = f;
      }
    }
    assertThat(negative).as(r.out()).isNotNull();
    assertThat(negative.get("action").asText()).isEqualTo("deny");
    assertThat(negative.get("category").asText()).isEqualTo("resources");
    assertThat(negative.get("path").asText())
        .isEqualTo("spec.containers[0].resources.limits.memory");
    assertThat(negative.get("namespace").asText()).isEqualTo("default");
    assertThat(negative.get("file").asText()).isEqualTo(file.toString());
    String line = pod.lines().toList().get(12);
    assertThat(negative.get("line").asInt()).isEqualTo(13);
    assertThat(negative.get("column").asInt()).isEqualTo(line.indexOf("-512Mi") + 1).isEqualTo(19);
    assertThat(negative.get("message").asText()).contains("\"-512Mi\" is negative");
    assertThat(r.json().at("/summary/denied").asInt()).isEqualTo(1);

    CheckCommandTest.Result text = CheckCommandTest.real(file.toString());
    assertThat(text.code()).isEqualTo(1);
    assertThat(text.out())
        .contains(
            file
                + ":13:19: deny [resource-quantity-negative] Pod default/web "
                + "spec.containers[0].resources.limits.memory: \"-512Mi\" is negative");
  }
}
