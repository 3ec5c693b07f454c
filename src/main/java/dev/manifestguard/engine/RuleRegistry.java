package dev.manifestguard.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules by id, and which of them the engine reports under when a rule cannot interpret an
 * object. Refuses duplicates at construction so a bad catalogue fails at startup, not at request
 * time.
 */
public final class RuleRegistry {
  private final Map<String, Rule> byId;
  private final Rule fallback;

  /**
   * A catalogue without a fallback rule: a rule that fails on an object reports it under its own
   * id.
   */
  public RuleRegistry(Collection<? extends Rule> rules) {
    this(rules, null);
  }

  /**
   * @param fallbackId the rule that reports an object another rule could not interpret (must be
   *     among the rules), or null for none
   */
  public RuleRegistry(Collection<? extends Rule> rules, String fallbackId) {
    Map<String, Rule> map = new LinkedHashMap<>();
    for (Rule r : rules) {
      RuleMeta meta = r.meta();
      if (meta == null) {
        throw new IllegalStateException(r.getClass().getName() + " has no metadata");
      }
      if (map.putIfAbsent(meta.id(), r) != null) {
        throw new IllegalStateException(
            "duplicate rule id "
                + meta.id()
                + " in "
                + r.getClass().getName()
                + " and "
                + map.get(meta.id()).getClass().getName());
      }
    }
    this.byId = Collections.unmodifiableMap(map);
    this.fallback = fallbackId == null ? null : map.get(fallbackId);
    if (fallbackId != null && fallback == null) {
      throw new IllegalStateException("fallback rule " + fallbackId + " is not among the rules");
    }
  }

  /** The rule that reports an object another rule could not interpret, or null. */
  public Rule fallback() {
    return fallback;
  }

  public Collection<Rule> rules() {
    return byId.values();
  }

  public Rule get(String id) {
    return byId.get(id);
  }

  public Set<String> ids() {
    return byId.keySet();
  }

  public List<RuleMeta> metas() {
    List<RuleMeta> out = new ArrayList<>();
    for (Rule r : byId.values()) {
      out.add(r.meta());
    }
    return out;
  }
}
