package dev.manifestguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.JsonText;
import java.util.Set;

/**
 * The parts of an AdmissionReview the webhook uses, read from the JSON tree without binding to
 * typed models.
 *
 * @param kind {@code request.kind.kind} (the resource's kind as the apiserver routed it), or ""
 *     when absent
 * @param object {@code request.object}, or null when the request carries none (DELETE, CONNECT)
 * @param oldObject {@code request.oldObject} on UPDATE and DELETE, else null
 */
record IncomingReview(
    String apiVersion,
    String uid,
    String operation,
    String kind,
    String subResource,
    String namespace,
    String name,
    String username,
    boolean dryRun,
    JsonNode object,
    JsonNode oldObject) {

  static final String V1 = "admission.k8s.io/v1";
  static final String V1BETA1 = "admission.k8s.io/v1beta1";
  private static final Set<String> VERSIONS = Set.of(V1, V1BETA1);

  /** Reads a review; an AdmissionProblem (400) names what is missing or wrong. */
  static IncomingReview of(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new AdmissionProblem(400, "body is not an AdmissionReview: expected a JSON object");
    }
    String apiVersion = JsonText.text(root.get("apiVersion"));
    if (!VERSIONS.contains(apiVersion)) {
      throw new AdmissionProblem(
          400,
          "body is not an AdmissionReview: apiVersion must be "
              + V1
              + " or "
              + V1BETA1
              + (apiVersion.isEmpty() ? " (missing)" : ", not \"" + clip(apiVersion) + "\""));
    }
    String kind = JsonText.text(root.get("kind"));
    if (!"AdmissionReview".equals(kind)) {
      throw new AdmissionProblem(
          400,
          "body is not an AdmissionReview: kind must be AdmissionReview"
              + (kind.isEmpty() ? " (missing)" : ", not \"" + clip(kind) + "\""));
    }
    JsonNode request = root.get("request");
    if (request == null || !request.isObject()) {
      throw new AdmissionProblem(400, "AdmissionReview has no request object");
    }
    String uid = JsonText.text(request.get("uid"));
    if (uid.isEmpty()) {
      throw new AdmissionProblem(400, "AdmissionReview request has no uid");
    }
    JsonNode object = present(request.get("object"));
    JsonNode oldObject = present(request.get("oldObject"));
    if (object != null && !object.isObject()) {
      throw new AdmissionProblem(400, "AdmissionReview request.object must be a JSON object");
    }
    if (oldObject != null && !oldObject.isObject()) {
      throw new AdmissionProblem(400, "AdmissionReview request.oldObject must be a JSON object");
    }
    return new IncomingReview(
        apiVersion,
        uid,
        JsonText.text(request.get("operation")),
        JsonText.text(request.path("kind").get("kind")),
        JsonText.text(request.get("subResource")),
        JsonText.text(request.get("namespace")),
        JsonText.text(request.get("name")),
        JsonText.text(request.path("userInfo").get("username")),
        request.path("dryRun").asBoolean(false),
        object,
        oldObject);
  }

  private static JsonNode present(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
