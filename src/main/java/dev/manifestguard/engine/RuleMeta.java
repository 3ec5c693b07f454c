package dev.manifestguard.engine;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the catalogue, the docs and the reporters know about a rule.
 *
 * @param kinds the kinds the rule looks at, for documentation; {@code "*"} means any kind
 * @param reference true when the rule needs cluster state (RULES.md marks these R); their findings
 *     are downgraded to warn on dry-run requests
 */
public record RuleMeta(
    String id,
    Category category,
    Action defaultAction,
    List<String> kinds,
    boolean reference,
    String summary,
    String remediation) {

  private static final Pattern ID = Pattern.compile("[a-z]+(-[a-z0-9]+)+");

  public RuleMeta {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(defaultAction, "defaultAction");
    kinds = List.copyOf(kinds);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "malformed rule id \"" + id + "\": lower-case words joined by '-'");
    }
    if (summary == null || summary.isBlank()) {
      throw new IllegalArgumentException("rule " + id + " has no summary");
    }
    if (remediation == null || !remediation.endsWith(".")) {
      throw new IllegalArgumentException(
          "rule " + id + " needs a remediation that ends with a period");
    }
  }

  public static RuleMeta of(
      String id,
      Category category,
      Action action,
      List<String> kinds,
      String summary,
      String remediation) {
    return new RuleMeta(id, category, action, kinds, false, summary, remediation);
  }

  public static RuleMeta reference(
      String id,
      Category category,
      Action action,
      List<String> kinds,
      String summary,
      String remediation) {
    return new RuleMeta(id, category, action, kinds, true, summary, remediation);
  }
}
