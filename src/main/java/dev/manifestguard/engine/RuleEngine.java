package dev.manifestguard.engine;

import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.model.Manifest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one engine behind the webhook, the CLI and the tests: runs every enabled rule on an object
 * and applies the request-level adjustments of RULES.md (skip annotation, dry-run, UPDATE
 * ratcheting, deletion).
 */
public final class RuleEngine {
  public static final String SKIP_ANNOTATION = "manifest-guard.dev/skip";

  private final RuleRegistry registry;

  public RuleEngine(RuleRegistry registry) {
    this.registry = registry;
  }

  public RuleRegistry registry() {
    return registry;
  }

  /** All findings for one object, with their final actions. Never throws for any input object. */
  public List<Finding> evaluate(Review review, Policy policy, ClusterState cluster) {
    return evaluate(review, policy, cluster, ClusterMemo.NONE);
  }

  /**
   * As {@link #evaluate(Review, Policy, ClusterState)}, sharing what rules derive from the cluster
   * state with the other reviews evaluated against it (see {@link ClusterMemo}).
   */
  public List<Finding> evaluate(
      Review review, Policy policy, ClusterState cluster, ClusterMemo clusterMemo) {
    Manifest object = review.object();
    if (policy.exclude().excludes(object.ref().namespace(), review.user())) {
      return List.of();
    }
    List<Finding> findings = run(review, policy, cluster, clusterMemo, registry.rules());
    if (findings.isEmpty()) {
      return findings;
    }
    Suppressions suppressions = new Suppressions(object, policy);
    boolean deleting = object.object().path("metadata").hasNonNull("deletionTimestamp");
    List<Finding> adjusted = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Rule rule = registry.get(f.rule());
      Policy.Exemption exemption;
      if (suppressions.skipped(f)) {
        f = f.adjusted(Action.AUDIT, Adjustment.SKIPPED);
      } else if ((exemption = suppressions.exemption(f)) != null) {
        f = f.exempted(exemption.reason());
      } else if (f.action() == Action.DENY
          && review.dryRun()
          && rule != null
          && rule.meta().reference()) {
        f = f.adjusted(Action.WARN, Adjustment.DRY_RUN);
      } else if (f.action() == Action.DENY && deleting) {
        f = f.adjusted(Action.WARN, Adjustment.DELETING);
      }
      adjusted.add(f);
    }
    return ratchet(review, policy, cluster, clusterMemo, adjusted);
  }

  /** On UPDATE, a deny the stored object already had (same rule, same path) becomes a warn. */
  private List<Finding> ratchet(
      Review review,
      Policy policy,
      ClusterState cluster,
      ClusterMemo clusterMemo,
      List<Finding> findings) {
    if (review.oldObject() == null) {
      return findings;
    }
    Set<Rule> denyingRules = new HashSet<>();
    for (Finding f : findings) {
      if (f.action() == Action.DENY && registry.get(f.rule()) != null) {
        denyingRules.add(registry.get(f.rule()));
      }
    }
    if (denyingRules.isEmpty()) {
      return findings;
    }
    Review old =
        new Review(review.oldObject(), null, review.mode(), review.dryRun(), review.user());
    Set<String> before = new HashSet<>();
    for (Finding f : run(old, policy, cluster, clusterMemo, denyingRules)) {
      before.add(f.rule() + "\u0000" + f.path());
    }
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      if (f.action() == Action.DENY && before.contains(f.rule() + "\u0000" + f.path())) {
        f = f.adjusted(Action.WARN, Adjustment.RATCHETED);
      }
      out.add(f);
    }
    return out;
  }

  private List<Finding> run(
      Review review,
      Policy policy,
      ClusterState cluster,
      ClusterMemo clusterMemo,
      Collection<Rule> rules) {
    RuleContext ctx = new RuleContext(review, cluster, clusterMemo, policy.settings());
    Findings sink = new Findings();
    List<Finding> out = new ArrayList<>();
    for (Rule rule : rules) {
      RuleMeta meta = rule.meta();
      Action configured = policy.actionFor(meta);
      if (configured == Action.OFF) {
        continue;
      }
      try {
        rule.check(ctx, sink);
      } catch (RuntimeException | StackOverflowError e) {
        // A rule that cannot read the object met a shape it did not expect: report it, never crash
        // or allow silently.
        sink.drain();
        out.add(uninterpretable(review, policy, meta, e));
        continue;
      }
      for (Findings.Raw raw : sink.drain()) {
        Action action =
            raw.own() != null && !policy.rules().containsKey(meta.id())
                ? raw.own()
                : configured.weaker(raw.ceiling());
        out.add(
            new Finding(
                meta.id(),
                meta.category(),
                action,
                review.object().ref(),
                raw.path(),
                raw.message(),
                null));
      }
    }
    return out;
  }

  /**
   * The finding for a rule that failed on an object, under the registry's fallback rule (or the
   * failed rule itself when there is none), at that rule's configured action; audit when that rule
   * is off, so it is never lost.
   */
  private Finding uninterpretable(Review review, Policy policy, RuleMeta failed, Throwable e) {
    RuleMeta reporter = registry.fallback() == null ? failed : registry.fallback().meta();
    Action action = policy.actionFor(reporter);
    if (action == Action.OFF) {
      action = Action.AUDIT;
    }
    String what =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new Finding(
        reporter.id(),
        reporter.category(),
        action,
        review.object().ref(),
        "",
        "rule "
            + failed.id()
            + " could not interpret this object ("
            + truncate(what, 160)
            + "); check the field types against the Kubernetes API reference.",
        null);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
