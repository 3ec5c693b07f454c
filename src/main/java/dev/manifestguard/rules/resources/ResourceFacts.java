package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.ResourceBlocks;

/** What the resource rules share: the quantities of the object, found once per object. */
final class ResourceFacts {
  private static final Object KEY = ResourceFacts.class;
  private static final int MAX_ECHO = 40;

  private ResourceFacts() {}

  static ResourceBlocks of(RuleContext ctx) {
    return ctx.memo(KEY, () -> ResourceBlocks.find(ctx.manifest(), ctx.podSpecs(), ctx.containers()));
  }

  /** A value for a message, quoted, shortened when long. */
  static String quoted(String text) {
    if (text.length() > MAX_ECHO) {
      return "\"" + text.substring(0, MAX_ECHO) + "...\"";
    }
    return "\"" + text + "\"";
  }
}
