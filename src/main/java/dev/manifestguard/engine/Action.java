package dev.manifestguard.engine;

import java.util.Locale;

/**
 * What happens to a finding. Ordered from strongest to weakest so that {@link #weaker} is a
 * comparison.
 */
public enum Action {
  DENY,
  WARN,
  AUDIT,
  OFF;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Action fromId(String id) {
    for (Action a : values()) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown action \"" + id + "\" (expected deny, warn, audit or off)");
  }

  /** The weaker of two actions: a downgrade never strengthens what the policy configured. */
  public Action weaker(Action other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
