package dev.manifestguard.engine;

/**
 * One check. Implementations are small, stateless and thread-safe: the same instance serves every
 * request.
 *
 * <p>Cluster state comes from the context, whichever front door asks. A rule may ask {@link
 * RuleContext#mode()} only two things: whether anyone has validated the object against its schema
 * before (not {@link Review.Mode#OFFLINE}: the apiserver has, in {@link Review.Mode#ADMISSION}, so
 * schema rules speak offline only), and what a name missing from a cluster state that knows nothing
 * means (offline: it is not among the checked manifests, worth a warn; in admission: nothing can be
 * told, so silence). What a rule finds in an object is otherwise the same through every front door.
 */
public interface Rule {
  RuleMeta meta();

  /** Reports every problem of the object under review into {@code out}. */
  void check(RuleContext ctx, Findings out);
}
