package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A key named twice in one JSON object of a review: inside {@code request.object} it is the
 * object's problem (a {@code manifest-unparseable} deny with the key's path and position); anywhere
 * else the body is not a valid review (400).
 */
@QuarkusTest
class DuplicateKeysTest {
  private static String review(String request) {
    return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
        + request
        + "}}";
  }

  private static final String POD_WITH_CONTAINERS_TWICE =
      "\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"twice\","
          + "\"namespace\":\"shop\"},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"a:1\"}],"
          + "\"containers\":[{\"name\":\"side\",\"image\":\"b:1\"}]}}";

  private static final String ENVELOPE =
      "\"uid\":\"u-1\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},"
          + "\"operation\":\"CREATE\",\"namespace\":\"shop\",\"name\":\"twice\","
          + "\"userInfo\":{\"username\":\"dev\"},";

  @Test
  @DisplayName("a key twice inside request.object is a manifest-unparseable deny at its path")
  void duplicateInObjectIsDenied() {
    JsonNode response = Reviews.verdict(review(ENVELOPE + POD_WITH_CONTAINERS_TWICE));
    assertThat(response.path("uid").asText()).isEqualTo("u-1");
    assertThat(response.path("allowed").asBoolean(true)).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(response.path("status").path("message").asText())
        .contains(
            "[manifest-unparseable] spec.containers: duplicate key \"containers\" (line 1, column ")
        .contains("of the request body): a key may appear only once in a mapping");
  }

  @Test
  @DisplayName("a key twice elsewhere in the review is a 400 naming the key and where it is")
  void duplicateInEnvelopeIsBadRequest() {
    Response r = Reviews.post(review(ENVELOPE + "\"uid\":\"u-2\"," + POD_WITH_CONTAINERS_TWICE));
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
    assertThat(Reviews.tree(r.asString()).path("error").asText())
        .startsWith(
            "body is not a valid AdmissionReview: duplicate key \"uid\" at /request/uid (line 1, column ")
        .endsWith("a JSON object may name a key only once");

    String oldObject =
        "\"oldObject\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"twice\","
            + "\"name\":\"twice\"}},";
    Response old =
        Reviews.post(
            review(ENVELOPE.replace("CREATE", "UPDATE") + oldObject + POD_WITH_CONTAINERS_TWICE));
    assertThat(old.statusCode()).as(old.asString()).isEqualTo(400);
    assertThat(Reviews.tree(old.asString()).path("error").asText())
        .contains("duplicate key \"name\" at /request/oldObject/metadata/name");
  }
}
