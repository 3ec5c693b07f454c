package dev.manifestguard.engine;

/**
 * Why a finding's action differs from the action its rule is configured with (RULES.md's
 * request-level adjustments). Each has the text the reporters show next to the finding.
 */
public enum Adjustment {
  /** The object opted out of the rule with the skip annotation: audit. */
  SKIPPED("skipped by annotation " + RuleEngine.SKIP_ANNOTATION),
  /** The policy exempts this object from the rule: audit. */
  EXEMPTED("exempted by the policy"),
  /**
   * A dry-run request: objects of the same bundle were not stored, so a reference deny is a warn.
   */
  DRY_RUN("dry-run: objects of the same bundle were not stored"),
  /**
   * The object is being deleted: a deny is a warn, refusing it would only keep a bad object alive.
   */
  DELETING("object is being deleted"),
  /** UPDATE ratcheting: the stored object had the same finding, so a deny is a warn. */
  RATCHETED("already present before this update");

  private final String display;

  Adjustment(String display) {
    this.display = display;
  }

  /** The text shown next to the finding, in parentheses in the CLI's text output. */
  public String display() {
    return display;
  }
}
