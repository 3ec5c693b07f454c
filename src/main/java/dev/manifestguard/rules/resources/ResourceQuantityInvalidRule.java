package dev.manifestguard.rules.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.Quantity;
import dev.manifestguard.model.ResourceBlocks.Entry;
import java.util.List;
import java.util.Locale;

/**
 * A value Kubernetes' quantity grammar refuses. Strings are parsed exactly; JSON numbers are
 * quantities too ({@code cpu: 2}); objects, arrays and booleans are not. A null is read by the
 * apiserver as zero, so it is left to {@code resource-quantity-suspicious}.
 */
public final class ResourceQuantityInvalidRule implements Rule {
  static final String HOW = "use a number with an optional suffix such as 500m, 512Mi or 2.";

  private static final RuleMeta META =
      RuleMeta.of(
          "resource-quantity-invalid",
          Category.RESOURCES,
          Action.DENY,
          List.of("*"),
          "A quantity that Kubernetes' quantity grammar rejects (512MB, 1.5 Gi, 0x10, 1m5).",
          "Write a number with an optional suffix: m for milli, k/M/G/T/P/E (powers of 1000) or Ki/Mi/Gi/Ti/Pi/Ei "
              + "(powers of 1024).");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Entry e : ResourceFacts.of(ctx).entries()) {
      if (e.valid() || e.node().isNull()) {
        continue;
      }
      if (e.text() == null) {
        out.add(e.path(), typeName(e.node()) + " is not a valid quantity; " + HOW);
        continue;
      }
      String suggestion = Quantity.suggest(e.text());
      String what = ResourceFacts.quoted(e.text()) + " is not a valid quantity; ";
      out.add(
          e.path(), suggestion == null ? what + HOW : what + "did you mean " + suggestion + "?");
    }
  }

  private static String typeName(JsonNode n) {
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    return "a " + n.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
