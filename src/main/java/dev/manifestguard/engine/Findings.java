package dev.manifestguard.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the raw findings of one rule on one object; the engine turns them into {@link Finding}s.
 */
public final class Findings {
  /**
   * A finding as a rule reports it: where, what, an optional ceiling on its action, and the action
   * the rule gives it itself when the policy does not name the rule (null: the configured action).
   */
  public record Raw(String path, String message, Action ceiling, Action own) {
    public Raw(String path, String message, Action ceiling) {
      this(path, message, ceiling, null);
    }
  }

  private final List<Raw> raw = new ArrayList<>(2);

  /** A finding at the rule's configured action. */
  public void add(String path, String message) {
    raw.add(new Raw(path, message, Action.DENY));
  }

  /**
   * A finding that is at most {@code ceiling}: for example an unresolved reference with no cluster
   * to ask is a warn, or a cluster-admin binding to a ServiceAccount is a warn while one to
   * anonymous is a deny.
   */
  public void add(String path, String message, Action ceiling) {
    raw.add(new Raw(path, message, ceiling));
  }

  /**
   * A finding whose action the rule decides case by case, overriding its default action: for
   * example {@code kind-unknown} warns by default but denies a kind that cannot exist in a built-in
   * API group. A policy that names the rule still decides (a user's override always wins).
   */
  public void addWithAction(String path, String message, Action own) {
    raw.add(new Raw(path, message, Action.DENY, own));
  }

  public List<Raw> drain() {
    if (raw.isEmpty()) {
      return List.of();
    }
    List<Raw> copy = List.copyOf(raw);
    raw.clear();
    return copy;
  }

  public boolean isEmpty() {
    return raw.isEmpty();
  }
}
