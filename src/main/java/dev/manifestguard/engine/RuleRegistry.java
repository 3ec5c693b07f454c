package dev.manifestguard.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules by id. Refuses duplicates at construction so a bad catalogue fails at startup, not at request time. */
public final class RuleRegistry {
  private final Map<String, Rule> byId;

  public RuleRegistry(Collection<? extends Rule> rules) {
    Map<String, Rule> map = new LinkedHashMap<>();
    for (Rule r : rules) {
      RuleMeta meta = r.meta();
      if (meta == null) {
        throw new IllegalStateException(r.getClass().getName() + " has no metadata");
      }
      if (map.putIfAbsent(meta.id(), r) != null) {
        throw new IllegalStateException("duplicate rule id " + meta.id() + " in " + r.getClass().getName()
            + " and " + map.get(meta.id()).getClass().getName());
      }
    }
    this.byId = Collections.unmodifiableMap(map);
  }

  /** The full catalogue. */
  public static RuleRegistry standard() {
    return new RuleRegistry(RuleCatalog.all());
  }

  public Collection<Rule> rules() {
    return byId.values();
  }

  public Rule get(String id) {
    return byId.get(id);
  }

  public java.util.Set<String> ids() {
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
