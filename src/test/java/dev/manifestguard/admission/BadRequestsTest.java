package dev.manifestguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bad requests get a precise status and a JSON error, never a 500 or an HTML page. */
@QuarkusTest
class BadRequestsTest {

  private static String error(Response r, int status) {
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    return Reviews.tree(r.asString()).path("error").asText();
  }

  private static String error(Reviews.Raw r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    return Reviews.tree(r.body()).path("error").asText();
  }

  private static Reviews.Raw raw(String contentType, String body) {
    return Reviews.raw(contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a body that is not JSON is a 400 naming the problem")
  void malformedJson() {
    assertThat(error(Reviews.post("{\"apiVersion\": \"admission.k8s.io/v1\", "), 400))
        .contains("not valid JSON");
    assertThat(error(Reviews.post("hello"), 400)).contains("not valid JSON");
    assertThat(error(Reviews.post("{} {}"), 400)).contains("not valid JSON");
  }

  @Test
  @DisplayName("an empty body is a 400")
  void emptyBody() {
    assertThat(error(Reviews.post(""), 400)).contains("empty body");
  }

  @Test
  @DisplayName("JSON that is not an AdmissionReview is a 400 naming what is wrong")
  void notAReview() {
    assertThat(error(Reviews.post(Reviews.own("not-admission-review.json")), 400))
        .contains("apiVersion must be");
    assertThat(error(Reviews.post(Reviews.own("unknown-version.json")), 400))
        .contains("admission.k8s.io/v2");
    assertThat(error(Reviews.post("[1, 2]"), 400)).contains("expected a JSON object");
    assertThat(
            error(
                Reviews.post("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"Pod\"}"), 400))
        .contains("kind must be AdmissionReview");
  }

  @Test
  @DisplayName("a review without request or request.uid is a 400")
  void missingRequestOrUid() {
    assertThat(error(Reviews.post(Reviews.own("missing-request.json")), 400))
        .contains("no request");
    assertThat(error(Reviews.post(Reviews.own("missing-uid.json")), 400)).contains("no uid");
  }

  @Test
  @DisplayName("100,000 levels of [ are refused with 400 naming the nesting depth")
  void deeplyNested() {
    char[] open = new char[100_000];
    Arrays.fill(open, '[');
    String message = error(raw("application/json", new String(open)), 400);
    assertThat(message).contains("nesting depth");
    String deepObject =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
            + "{\"a\":".repeat(5000)
            + "1"
            + "}".repeat(5000)
            + "}";
    assertThat(error(raw("application/json", deepObject), 400)).contains("nesting depth");
  }

  @Test
  @DisplayName("a body over 3 MiB is refused with 413 and a JSON message")
  void tooLarge() {
    byte[] big = new byte[3 * 1024 * 1024 + 1];
    Arrays.fill(big, (byte) ' ');
    assertThat(error(Reviews.raw("application/json", big), 413)).contains("larger than the limit");
  }

  /**
   * POSTs the body to /validate without Content-Length: HTTP/1.1 then sends it chunked (the body
   * comes from a stream of unknown length).
   */
  private static java.net.http.HttpResponse<String> postChunked(byte[] body) throws Exception {
    return Reviews.CLIENT.send(
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(
                    "http://localhost:" + io.restassured.RestAssured.port + "/validate"))
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body)))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("a chunked body over 3 MiB (no Content-Length) is cut off with 413 too, never a 500")
  void tooLargeChunked() throws Exception {
    byte[] big = new byte[4 * 1024 * 1024];
    Arrays.fill(big, (byte) ' ');
    try (LogCapture errors = LogCapture.atLeast(Level.SEVERE)) {
      java.net.http.HttpResponse<String> r = postChunked(big);
      // Quarkus answers this one itself (empty body): without Content-Length there is nothing to
      // refuse early, and reading it ahead would bypass the in-flight limit (README, Failure
      // modes).
      assertThat(r.statusCode()).isEqualTo(413);
      // The error answer written after Quarkus's own 413 failed ("Response has already been
      // written") and was logged at ERROR with a stack trace, for a client's mistake.
      Thread.sleep(1_000);
      assertThat(errors.records()).extracting(LogRecord::getMessage).isEmpty();
    }
  }

  @Test
  @DisplayName("a chunked body under the limit (no Content-Length) is read and reviewed normally")
  void chunkedUnderLimit() throws Exception {
    byte[] review = Reviews.own("pod-create-v1beta1.json").getBytes(StandardCharsets.UTF_8);
    java.net.http.HttpResponse<String> r = postChunked(review);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Reviews.tree(r.body()).path("response").path("uid").asText()).isNotEmpty();
  }

  @Test
  @DisplayName("a body just under the limit is read normally")
  void underLimit() {
    String review = Reviews.own("pod-create-v1beta1.json");
    byte[] padded =
        (review + " ".repeat(3 * 1024 * 1024 - review.length() - 10))
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Reviews.raw("application/json", padded).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a wrong or missing content type is a 415")
  void wrongContentType() {
    String review = Reviews.own("pod-create-v1beta1.json");
    assertThat(error(raw("text/plain", review), 415)).contains("application/json");
    assertThat(error(raw("application/yaml", review), 415)).contains("application/yaml");
    assertThat(error(raw(null, review), 415)).contains("application/json");
    assertThat(raw("application/json; charset=utf-8", review).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("other methods and paths get JSON errors, not HTML")
  void otherMethods() {
    Response get = given().get("/validate");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.asString()).doesNotContain("<html");
    Response missing = given().contentType("application/json").body("{}").post("/nowhere");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.asString()).doesNotContain("<html");
  }

  @Test
  @DisplayName("wrong-typed fields inside the object give a verdict, not an HTTP error")
  void wrongTypedObjectFields() {
    for (String name :
        new String[] {
          "deployment-spec-string.json",
          "deployment-containers-number.json",
          "deployment-resources-wrong-types.json"
        }) {
      assertThat(Reviews.verdict(Reviews.own(name)).path("allowed").isBoolean()).as(name).isTrue();
    }
  }
}
