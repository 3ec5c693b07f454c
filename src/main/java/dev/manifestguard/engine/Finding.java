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
 */
public record Finding(
    String rule,
    Category category,
    Action action,
    ObjectRef object,
    String path,
    String message,
    Adjustment adjustment) {

  public Finding {
    if (action == Action.OFF) {
      throw new IllegalArgumentException("a finding of rule " + rule + " with action off");
    }
  }

  public Finding adjusted(Action newAction, Adjustment why) {
    return new Finding(rule, category, newAction, object, path, message, why);
  }

  /**
   * The one-line form used in admission responses and text output: {@code [rule] path: message}.
   */
  public String line() {
    return "[" + rule + "] " + (path == null || path.isEmpty() ? "" : path + ": ") + message;
  }
}
