package dev.manifestguard.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.DocsLinks;
import dev.manifestguard.engine.Finding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds every answer of the webhook: verdicts in the request's AdmissionReview version, and JSON
 * errors.
 */
public final class AdmissionResponses {
  /**
   * The apiserver files a webhook's audit annotation under "{webhook name}/{key}" and drops a key
   * that is not a bare qualified name, so the contract's "manifest-guard.dev/findings" is sent as
   * "findings" and reaches the audit log as "validate.manifest-guard.dev/findings".
   */
  public static final String FINDINGS_ANNOTATION = "findings";

  /** The apiserver drops or truncates a warning of 256 characters or more. */
  static final int MAX_WARNING_CHARS = 255;

  static final int MAX_WARNINGS = 20;

  /**
   * The apiserver keeps about 4 KiB of warnings per response; stay under it so the summary line
   * survives.
   */
  static final int MAX_WARNINGS_TOTAL_CHARS = 3800;

  static final int MAX_DENY_LINES = 50;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private AdmissionResponses() {}

  /** Allowed without looking (excluded user or namespace, DELETE, CONNECT, a subresource). */
  static ObjectNode allowed(IncomingReview in) {
    return review(in, response(in, true));
  }

  /**
   * The verdict for findings: denied when any is a deny; warns become warnings either way; every
   * rule that found anything is named in the audit annotation.
   *
   * @param subject {@code Kind namespace/name} or {@code Kind name}
   */
  static ObjectNode verdict(IncomingReview in, String subject, List<Finding> findings) {
    return verdict(in, subject, findings, DocsLinks.NONE);
  }

  /**
   * As {@link #verdict(IncomingReview, String, List)}, each deny line and each warning ending with
   * the rule's docs URL (a warning only when it still fits under 256 characters).
   */
  static ObjectNode verdict(
      IncomingReview in, String subject, List<Finding> findings, DocsLinks docs) {
    List<Finding> denies = new ArrayList<>();
    List<String> warns = new ArrayList<>();
    Set<String> rules = new LinkedHashSet<>();
    for (Finding f : findings) {
      rules.add(f.rule());
      if (f.action() == Action.DENY) {
        denies.add(f);
      } else if (f.action() == Action.WARN) {
        warns.add(withDocs(f, docs, MAX_WARNING_CHARS));
      }
    }
    ObjectNode response = response(in, denies.isEmpty());
    if (!denies.isEmpty()) {
      ObjectNode status = response.putObject("status");
      status.put("code", 403);
      status.put("reason", "Forbidden");
      status.put("message", denyMessage(subject, denies, docs));
    }
    if (!warns.isEmpty()) {
      ArrayNode array = response.putArray("warnings");
      warnings(warns).forEach(array::add);
    }
    if (!rules.isEmpty()) {
      response.putObject("auditAnnotations").put(FINDINGS_ANNOTATION, String.join(",", rules));
    }
    return review(in, response);
  }

  /** The body of an HTTP error: {@code {"error": "..."}}. */
  public static ObjectNode error(String message) {
    ObjectNode out = JSON.objectNode();
    out.put("error", message);
    return out;
  }

  /**
   * The finding's line with its docs URL appended when that stays within {@code max} characters;
   * otherwise the bare line (cut later if it is itself too long).
   */
  static String withDocs(Finding f, DocsLinks docs, int max) {
    String line = f.line();
    String url = docs.url(f.rule());
    if (url == null) {
      return line;
    }
    String linked = line + " " + url;
    return linked.length() <= max ? linked : line;
  }

  static String denyMessage(String subject, List<Finding> denies) {
    return denyMessage(subject, denies, DocsLinks.NONE);
  }

  static String denyMessage(String subject, List<Finding> denies, DocsLinks docs) {
    StringBuilder sb =
        new StringBuilder("manifest-guard denied ")
            .append(subject)
            .append(": ")
            .append(denies.size())
            .append(denies.size() == 1 ? " problem" : " problems");
    int shown = Math.min(denies.size(), MAX_DENY_LINES);
    for (int i = 0; i < shown; i++) {
      sb.append("\n- ").append(withDocs(denies.get(i), docs, Integer.MAX_VALUE));
    }
    if (denies.size() > shown) {
      sb.append("\n- ... and ").append(denies.size() - shown).append(" more");
    }
    return sb.toString();
  }

  /**
   * Each line cut under 256 characters; at most 20 lines and about 4 KiB, then one line counting
   * the rest.
   */
  static List<String> warnings(List<String> lines) {
    List<String> out = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < lines.size(); i++) {
      String w = cut(lines.get(i), MAX_WARNING_CHARS);
      if (out.size() == MAX_WARNINGS || total + w.length() > MAX_WARNINGS_TOTAL_CHARS) {
        int rest = lines.size() - i;
        out.add("... and " + rest + " more warning" + (rest == 1 ? "" : "s"));
        break;
      }
      out.add(w);
      total += w.length();
    }
    return out;
  }

  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 3;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return s.substring(0, end) + "...";
  }

  private static ObjectNode response(IncomingReview in, boolean allowed) {
    ObjectNode response = JSON.objectNode();
    response.put("uid", in.uid());
    response.put("allowed", allowed);
    return response;
  }

  private static ObjectNode review(IncomingReview in, ObjectNode response) {
    ObjectNode review = JSON.objectNode();
    review.put("apiVersion", in.apiVersion());
    review.put("kind", "AdmissionReview");
    review.set("response", response);
    return review;
  }
}
