package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real AdmissionReview in ../shared/conformance/admissionreview gets a well-formed verdict.
 */
@QuarkusTest
class ConformanceReviewsTest {

  static List<Path> files() throws IOException {
    try (Stream<Path> s =
        Stream.concat(
            Files.list(Reviews.CONFORMANCE), Files.list(Reviews.CONFORMANCE.resolve("wrapped")))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @TestFactory
  @DisplayName(
      "every conformance AdmissionReview gets a verdict copying uid and apiVersion; bare requests get a 400")
  Stream<DynamicTest> everyReview() throws IOException {
    List<Path> files = files();
    assertThat(files).hasSizeGreaterThanOrEqualTo(20);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    Reviews.CONFORMANCE.relativize(file).toString(),
                    () -> {
                      String body = Reviews.read(file);
                      JsonNode root = Reviews.tree(body);
                      if ("AdmissionReview".equals(root.path("kind").asText())) {
                        JsonNode response = Reviews.verdict(body);
                        String op = root.path("request").path("operation").asText();
                        if (op.equals("DELETE")) {
                          assertThat(response.path("allowed").asBoolean()).isTrue();
                        }
                      } else {
                        // kubewarden stores bare AdmissionRequests: not an AdmissionReview, a
                        // precise 400 (wrapped/ has them whole)
                        io.restassured.response.Response r = Reviews.post(body);
                        assertThat(r.statusCode()).isEqualTo(400);
                        assertThat(Reviews.tree(r.asString()).path("error").asText())
                            .contains("not an AdmissionReview");
                      }
                    }));
  }

  @Test
  @DisplayName("the scale subresource update is allowed without judging the Scale stub")
  void scaleSubresource() {
    JsonNode response =
        Reviews.verdict(
            Reviews.read(Reviews.CONFORMANCE.resolve("k8s-docs-scale-subresource-update.json")));
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("status")).isFalse();
  }
}
