package dev.manifestguard.engine;

/**
 * One check. Implementations are small, stateless and thread-safe: the same instance serves every request.
 * A rule never knows whether it runs in the webhook or the CLI; cluster state comes from the context.
 */
public interface Rule {
  RuleMeta meta();

  /** Reports every problem of the object under review into {@code out}. */
  void check(RuleContext ctx, Findings out);
}
