package dev.manifestguard.admission;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading review fixtures and posting them to the running webhook. */
final class Reviews {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path OWN = Path.of("src/test/resources/admission");
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final Path CONFORMANCE = Path.of("../shared/conformance/admissionreview");

  private Reviews() {}

  static String own(String name) {
    return read(OWN.resolve(name));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An HTTP answer read with the JDK client (RestAssured is very slow with large or deeply nested
   * bodies).
   */
  record Raw(int status, String contentType, String body) {}

  static Raw raw(String contentType, byte[] body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/validate"))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Raw(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Response post(String body) {
    return given().contentType("application/json").body(body).when().post("/validate");
  }

  /** Posts a review, expects 200 and returns the response's {@code response} object. */
  static JsonNode verdict(String body) {
    Response r = post(body);
    if (r.statusCode() != 200) {
      throw new AssertionError("expected 200, got " + r.statusCode() + ": " + r.asString());
    }
    JsonNode review = tree(r.asString());
    JsonNode request = tree(body).path("request");
    if (!review.path("apiVersion").asText().equals(tree(body).path("apiVersion").asText())
        || !review.path("kind").asText().equals("AdmissionReview")
        || !review.path("response").path("uid").asText().equals(request.path("uid").asText())
        || !review.path("response").path("allowed").isBoolean()) {
      throw new AssertionError("malformed verdict: " + review);
    }
    return review.path("response");
  }
}
