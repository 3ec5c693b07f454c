package dev.manifestguard.engine;

import dev.manifestguard.model.ObjectRef;

/**
 * One problem found: which rule, how it is acted on, which object, where in it and what to do.
 *
 * @param path dotted/indexed field path such as {@code
 *     spec.template.spec.containers[1].resources.limits.memory}
 * @param message what is wrong and what to do, without the rule id or path (reporters add those)
 * @param action never {@link Action#OFF}: a rule that is off is not run
 * @param adjustment why the action differs from the rule's configured action, or null when it does
 *     not
 * @param exemptionReason the reason the policy's exemption gives ({@link Adjustment#EXEMPTED}),
 *     else null
 */
public record Finding(
    String rule,
    Category category,
    Action action,
    ObjectRef object,
    String path,
    String message,
    Adjustment adjustment,
    String exemptionReason) {

  public Finding {
    if (action == Action.OFF) {
      throw new IllegalArgumentException("a finding of rule " + rule + " with action off");
    }
  }

  public Finding(
      String rule,
      Category category,
      Action action,
      ObjectRef object,
      String path,
      String message,
      Adjustment adjustment) {
    this(rule, category, action, object, path, message, adjustment, null);
  }

  public Finding adjusted(Action newAction, Adjustment why) {
    return new Finding(rule, category, newAction, object, path, message, why, exemptionReason);
  }

  /** Audit, marked as exempted by the policy with the exemption's reason. */
  public Finding exempted(String reason) {
    return new Finding(
        rule, category, Action.AUDIT, object, path, message, Adjustment.EXEMPTED, reason);
  }

  /** Why the finding is suppressed (skip annotation or policy exemption), or null if it is not. */
  public String suppression() {
    if (adjustment == Adjustment.EXEMPTED) {
      return exemptionReason == null ? adjustment.display() : exemptionReason;
    }
    return adjustment == Adjustment.SKIPPED ? adjustment.display() : null;
  }

  /**
   * The one-line form used in admission responses and text output: {@code [rule] path: message}.
   */
  public String line() {
    return "[" + rule + "] " + (path == null || path.isEmpty() ? "" : path + ": ") + message;
  }
}
