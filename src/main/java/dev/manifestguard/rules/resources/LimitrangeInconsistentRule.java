package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.ResourceBlocks.Entry;
import dev.manifestguard.model.ResourceBlocks.LimitItem;
import dev.manifestguard.model.ResourceNames;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A LimitRange whose values contradict each other, with the checks of the apiserver's LimitRange
 * validation: min &gt; max, min &gt; default or defaultRequest, default or defaultRequest &gt; max,
 * defaultRequest &gt; default, a maxLimitRequestRatio below 1 or above max/min, defaults on a Pod
 * item, a PersistentVolumeClaim item without min or max storage, a default different from
 * defaultRequest for resources that cannot be overcommitted, and a type listed twice.
 */
public final class LimitrangeInconsistentRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "limitrange-inconsistent",
          Category.RESOURCES,
          Action.DENY,
          List.of("LimitRange"),
          "A LimitRange whose min > max, default > max, defaultRequest > default, or min > defaultRequest for the "
              + "same resource.",
          "Order the values of each resource as min <= defaultRequest <= default <= max.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    Set<String> types = new HashSet<>();
    for (LimitItem item : ResourceFacts.of(ctx).limitItems()) {
      if (!item.type().isEmpty() && !types.add(item.type())) {
        out.add(
            FieldPaths.child(item.path(), "type"),
            "type " + item.type() + " is listed twice; merge the two " + "items into one.");
      }
      if (item.type().equals("Pod")) {
        for (String role : List.of("default", "defaultRequest")) {
          if (item.item().path(role).size() > 0) {
            out.add(
                FieldPaths.child(item.path(), role),
                role
                    + " may not be set on a LimitRange item of type Pod; "
                    + "move it to an item of type Container.");
          }
        }
      }
      if (item.type().equals("PersistentVolumeClaim")
          && !item.role("min").containsKey("storage")
          && !item.role("max").containsKey("storage")) {
        out.add(
            item.path(),
            "a PersistentVolumeClaim item needs a min or max storage; set min.storage or "
                + "max.storage.");
      }
      check(item, out);
    }
  }

  private static void check(LimitItem item, Findings out) {
    Map<String, Entry> min = item.role("min");
    Map<String, Entry> max = item.role("max");
    boolean pod = item.type().equals("Pod");
    Map<String, Entry> def = pod ? Map.of() : item.role("default");
    Map<String, Entry> defReq = pod ? Map.of() : item.role("defaultRequest");
    Map<String, Entry> ratio = item.role("maxLimitRequestRatio");
    Set<String> names = new LinkedHashSet<>();
    for (Map<String, Entry> m : List.of(min, max, def, defReq, ratio)) {
      names.addAll(m.keySet());
    }
    for (String name : names) {
      Entry mn = usable(min.get(name));
      Entry mx = usable(max.get(name));
      Entry d = usable(def.get(name));
      Entry dr = usable(defReq.get(name));
      Entry r = usable(ratio.get(name));
      greater(out, mn, mx, "min", "max", "lower min or raise max.");
      greater(out, mn, dr, "min", "defaultRequest", "raise defaultRequest to at least min.");
      greater(out, dr, mx, "defaultRequest", "max", "lower defaultRequest to at most max.");
      greater(out, dr, d, "defaultRequest", "default", "lower defaultRequest or raise default.");
      greater(out, mn, d, "min", "default", "raise default to at least min.");
      greater(out, d, mx, "default", "max", "lower default to at most max.");
      if (r != null && r.quantity().value().compareTo(BigDecimal.ONE) < 0) {
        out.add(
            r.path(),
            name
                + " maxLimitRequestRatio "
                + r.text()
                + " is below 1, so no limit could ever be "
                + "met; set a ratio of 1 or more.");
      }
      if (r != null
          && mn != null
          && mx != null
          && mn.quantity().value().signum() > 0
          && mn.quantity().isModerate()
          && mx.quantity().isModerate()) {
        BigDecimal allowed =
            mx.quantity().value().divide(mn.quantity().value(), MathContext.DECIMAL64);
        if (r.quantity().value().compareTo(allowed) > 0) {
          out.add(
              r.path(),
              name
                  + " maxLimitRequestRatio "
                  + r.text()
                  + " is above max/min ("
                  + mx.text()
                  + " / "
                  + mn.text()
                  + " = "
                  + allowed.stripTrailingZeros().toPlainString()
                  + "); lower the ratio or widen min and max.");
        }
      }
      if (d != null
          && dr != null
          && !ResourceNames.overcommitAllowed(name)
          && d.quantity().compareTo(dr.quantity()) != 0) {
        out.add(
            dr.path(),
            name
                + " defaultRequest "
                + dr.text()
                + " differs from default "
                + d.text()
                + "; "
                + (ResourceNames.isHugePages(name) ? "huge pages" : "extended resources")
                + " cannot be overcommitted, set them equal.");
      }
    }
  }

  private static Entry usable(Entry e) {
    return ResourceFacts.usable(e) ? e : null;
  }

  private static void greater(
      Findings out, Entry low, Entry high, String lowRole, String highRole, String fix) {
    if (low != null && high != null && low.quantity().compareTo(high.quantity()) > 0) {
      out.add(
          low.path(),
          low.name()
              + " "
              + lowRole
              + " "
              + low.text()
              + " is greater than "
              + highRole
              + " "
              + high.text()
              + "; "
              + fix);
    }
  }
}
