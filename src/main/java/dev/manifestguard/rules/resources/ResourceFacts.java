package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.ResourceBlocks;
import java.math.BigDecimal;

/** What the resource rules share: the quantities of the object, found once per object. */
final class ResourceFacts {
  private static final Object KEY = ResourceFacts.class;
  private static final int MAX_ECHO = 40;

  private ResourceFacts() {}

  static ResourceBlocks of(RuleContext ctx) {
    return ctx.memo(
        KEY, () -> ResourceBlocks.find(ctx.manifest(), ctx.podSpecs(), ctx.containers()));
  }

  /**
   * Whether a quantity is one the rules can compare: parsed and not negative ({@code
   * resource-quantity-invalid} and {@code resource-quantity-negative} report the others).
   */
  static boolean usable(ResourceBlocks.Entry e) {
    return e != null && e.valid() && !e.quantity().isNegative();
  }

  /**
   * Bytes in the largest binary unit that divides them ({@code 4194304} as {@code 4Mi}); null when
   * none does.
   */
  static String inBinaryUnit(BigDecimal bytes) {
    if (bytes.signum() <= 0) {
      return null;
    }
    String[] units = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < units.length; i++) {
      BigDecimal unit = BigDecimal.valueOf(2).pow(60 - 10 * i);
      if (bytes.remainder(unit).signum() == 0) {
        return bytes.divide(unit).toPlainString() + units[i];
      }
    }
    return null;
  }

  /** A value for a message, quoted, shortened when long. */
  static String quoted(String text) {
    if (text.length() > MAX_ECHO) {
      return "\"" + text.substring(0, MAX_ECHO) + "...\"";
    }
    return "\"" + text + "\"";
  }
}
