package dev.manifestguard.rules.schema;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import java.util.List;

/**
 * Reported by the CLI for what its loader could not read, not by inspecting an object: an object
 * that was read is by definition parseable.
 */
public final class ManifestUnparseableRule implements Rule {
  public static final String ID = "manifest-unparseable";

  private static final RuleMeta META =
      RuleMeta.of(
          ID,
          Category.SCHEMA,
          Action.DENY,
          List.of("*"),
          "A file that is not valid YAML or JSON, or a mapping with a key twice, reported with file, line and column.",
          "Fix the syntax at the reported line and column; the other files are still checked.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    // Nothing to do per object: the CLI reports unreadable documents under this rule's id.
  }
}
