package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.Quantity;
import dev.manifestguard.model.ResourceBlocks.Block;
import dev.manifestguard.model.ResourceBlocks.Entry;
import dev.manifestguard.model.ResourceBlocks.Place;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * A valid quantity whose unit is probably wrong. Thresholds come from the policy ({@code
 * settings.suspicious}). Limits that are caps over many pods (ResourceQuota, LimitRange max) are
 * exempt from the "too large" checks, and LimitRange min from "too small".
 */
public final class ResourceQuantitySuspiciousRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "resource-quantity-suspicious",
          Category.RESOURCES,
          Action.WARN,
          List.of("*"),
          "A quantity whose unit is probably wrong: memory: 512 (bytes), memory: 1000m (milli-bytes), cpu: 100Mi, "
              + "cpu: 500 (cores), memory over 1Ti, a request and limit differing only by 256M vs 256Mi.",
          "Write memory with a binary suffix (Mi, Gi) and cpu in cores or millicores (2, 500m).");

  private static final Set<String> BYTE_SUFFIXES =
      Set.of("k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    Policy.Suspicious limits = ctx.settings().suspicious();
    Quantity minMemory = threshold(limits.minMemory(), Policy.Suspicious.DEFAULT.minMemory());
    Quantity maxMemory = threshold(limits.maxMemory(), Policy.Suspicious.DEFAULT.maxMemory());
    BigDecimal maxUnitlessCpu = BigDecimal.valueOf(limits.maxUnitlessCpu());
    var facts = ResourceFacts.of(ctx);
    for (Entry e : facts.entries()) {
      if (e.node().isNull()) {
        out.add(
            e.path(),
            e.name() + " is empty, which Kubernetes reads as 0; set a quantity or remove the key.");
        continue;
      }
      if (!ResourceFacts.usable(e)
          || e.quantity().isZero()
          || e.role().equals("maxLimitRequestRatio")) {
        continue;
      }
      Quantity q = e.quantity();
      String number = q.number().startsWith("+") ? q.number().substring(1) : q.number();
      String kind = kind(e);
      boolean perPod =
          e.place() == Place.CONTAINER
              || e.place() == Place.POD
              || e.place() == Place.OVERHEAD
              || e.place() == Place.CUSTOM
              || (e.place() == Place.LIMIT_RANGE
                  && (e.role().equals("default") || e.role().equals("defaultRequest")));
      if (kind.equals("memory")) {
        if (q.suffix().equals("m")) {
          String decimal =
              Quantity.tryParse(number + "M").map(Quantity::canonical).orElse(number + "M");
          out.add(
              e.path(),
              what(e)
                  + " is "
                  + bytes(q.value())
                  + " (m means milli); did you mean "
                  + number
                  + "Mi or "
                  + decimal
                  + "?");
        } else if (q.compareTo(minMemory) < 0 && !e.role().equals("min")) {
          out.add(
              e.path(),
              q.suffix().isEmpty()
                  ? what(e) + " is " + bytes(q.value()) + "; did you mean " + number + "Mi?"
                  : what(e) + " is less than " + minMemory.original() + "; check the unit.");
        } else if (perPod && q.compareTo(maxMemory) > 0) {
          out.add(
              e.path(),
              what(e)
                  + " is more than "
                  + maxMemory.original()
                  + ", larger than most nodes; check the "
                  + "unit.");
        }
      } else if (kind.equals("cpu")) {
        if (BYTE_SUFFIXES.contains(q.suffix())) {
          out.add(e.path(), what(e) + " uses a byte suffix; did you mean " + number + "m?");
        } else if (perPod && q.suffix().isEmpty() && q.value().compareTo(maxUnitlessCpu) >= 0) {
          out.add(e.path(), what(e) + " is " + number + " cores; did you mean " + number + "m?");
        }
      }
    }
    for (Block b : facts.blocks()) {
      for (Entry request : b.requests().values()) {
        Entry limit = b.limits().get(request.name());
        if (limit != null
            && request.valid()
            && limit.valid()
            && onlySuffixSystemDiffers(request.quantity(), limit.quantity())) {
          out.add(
              limit.path(),
              request.name()
                  + " request "
                  + request.text()
                  + " and limit "
                  + limit.text()
                  + " differ only by binary versus decimal suffix; use the same suffix for both.");
        }
      }
    }
  }

  /** The entry as a message names it: {@code memory "512"}. */
  private static String what(Entry e) {
    return e.name() + " " + ResourceFacts.quoted(e.text());
  }

  /** cpu, memory, or the quota names for them. */
  private static String kind(Entry e) {
    String n = e.name();
    if (e.place() == Place.QUOTA) {
      n = n.startsWith("requests.") ? n.substring(9) : n.startsWith("limits.") ? n.substring(7) : n;
    }
    return n;
  }

  /** {@code 256M} against {@code 256Mi}: same number, same letter, one decimal and one binary. */
  private static boolean onlySuffixSystemDiffers(Quantity a, Quantity b) {
    String sa = a.suffix();
    String sb = b.suffix();
    if (!BYTE_SUFFIXES.contains(sa)
        || !BYTE_SUFFIXES.contains(sb)
        || sa.length() == sb.length()
        || Character.toLowerCase(sa.charAt(0)) != Character.toLowerCase(sb.charAt(0))) {
      return false;
    }
    try {
      return new BigDecimal(a.number()).compareTo(new BigDecimal(b.number())) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String bytes(BigDecimal v) {
    if (v.compareTo(BigDecimal.ONE) == 0) {
      return "one byte";
    }
    return v.stripTrailingZeros().toPlainString() + " bytes";
  }

  private static Quantity threshold(String configured, String fallback) {
    return Quantity.tryParse(configured == null ? fallback : configured)
        .or(() -> Quantity.tryParse(fallback))
        .orElseThrow();
  }
}
