package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.Quantity;
import dev.manifestguard.model.ResourceBlocks.Block;
import dev.manifestguard.model.ResourceBlocks.Entry;
import dev.manifestguard.model.ResourceBlocks.Place;
import dev.manifestguard.model.ResourceNames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Resources that cannot be overcommitted, as the apiserver validates them in containers: extended
 * resources ({@code nvidia.com/gpu}) must be whole numbers; extended resources and huge pages need
 * a limit and a request equal to it; huge pages need a cpu or memory request or limit beside them
 * and a whole number of pages. Also applied to {@code resources} blocks of custom kinds, which end
 * up in containers; and to whole-number extended resources in overhead and ResourceQuota.
 */
public final class ResourceExtendedInvalidRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "resource-extended-invalid",
          Category.RESOURCES,
          Action.DENY,
          List.of("*"),
          "Extended resources (nvidia.com/gpu) with a non-integer value or a request different from the limit; "
              + "huge pages without a cpu or memory request, or with a request different from the limit.",
          "Give extended resources and huge pages a whole-number limit and an equal request (or only the limit), "
              + "and give a container with huge pages a cpu or memory request.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    // Extreme magnitudes (1e100000) would make the divisibility arithmetic take seconds: leave them
    // alone.
    ResourceFacts.of(ctx).entries().stream()
        .filter(e -> ResourceFacts.usable(e) && e.quantity().isModerate())
        .forEach(e -> entry(e, out));
    for (Block b : ResourceFacts.of(ctx).blocks()) {
      if (containerLike(b.place())) {
        block(b, out);
      }
    }
  }

  /** Container resources, and custom kinds' resources blocks, which end up in containers. */
  private static boolean containerLike(Place place) {
    return place == Place.CONTAINER || place == Place.CUSTOM;
  }

  private static void entry(Entry e, Findings out) {
    boolean containerLike = containerLike(e.place());
    boolean integerChecked =
        containerLike || e.place() == Place.OVERHEAD || e.place() == Place.QUOTA;
    if (integerChecked && ResourceNames.isExtended(e.name()) && !whole(e.quantity().value())) {
      out.add(
          e.path(),
          e.name()
              + " "
              + ResourceFacts.quoted(e.text())
              + " is not a whole number; extended "
              + "resources are counted in whole units, set an integer such as "
              + e.quantity()
                  .value()
                  .setScale(0, RoundingMode.CEILING)
                  .max(BigDecimal.ONE)
                  .toPlainString()
              + ".");
    }
    if (containerLike && ResourceNames.isHugePages(e.name())) {
      Quantity page = ResourceNames.hugePageSize(e.name());
      if (page != null && !multiple(e.quantity().value(), page.value())) {
        BigDecimal up =
            e.quantity()
                .value()
                .divide(page.value(), 0, RoundingMode.CEILING)
                .multiply(page.value());
        String suggestion =
            Quantity.tryParse(up.toPlainString()).map(Quantity::canonical).orElse(null);
        out.add(
            e.path(),
            e.name()
                + " "
                + ResourceFacts.quoted(e.text())
                + " is not a whole number of "
                + page.original()
                + " pages; request whole pages"
                + (suggestion == null ? "." : ", such as " + binary(up, suggestion) + "."));
      }
    }
  }

  /** Huge pages in the block, and neither cpu nor memory. */
  private static boolean hugePagesAlone(Block b) {
    Map<String, Entry> requests = b.requests();
    Map<String, Entry> limits = b.limits();
    // Nearly every block names cpu or memory: answered without walking its names.
    if (requests.containsKey("cpu")
        || requests.containsKey("memory")
        || limits.containsKey("cpu")
        || limits.containsKey("memory")) {
      return false;
    }
    return namesHugePages(requests) || namesHugePages(limits);
  }

  private static boolean namesHugePages(Map<String, Entry> quantities) {
    for (String name : quantities.keySet()) {
      if (ResourceNames.isHugePages(name)) {
        return true;
      }
    }
    return false;
  }

  private static void block(Block b, Findings out) {
    if (hugePagesAlone(b)) {
      out.add(
          b.path(),
          "huge pages need a cpu or memory request or limit in the same container; add one such as "
              + "memory: 128Mi.");
    }
    for (Entry request : b.requests().values()) {
      String name = request.name();
      if (ResourceNames.overcommitAllowed(name) || !request.valid()) {
        continue;
      }
      String what = ResourceNames.isHugePages(name) ? "huge pages" : "extended resources";
      Entry limit = b.limits().get(name);
      if (limit == null) {
        out.add(
            request.path(),
            name
                + " is requested but has no limit; "
                + what
                + " cannot be overcommitted, "
                + "set a limit equal to the request ("
                + request.text()
                + ").");
      } else if (limit.valid() && request.quantity().compareTo(limit.quantity()) != 0) {
        out.add(
            request.path(),
            name
                + " request "
                + request.text()
                + " differs from its limit "
                + limit.text()
                + "; "
                + what
                + " cannot be overcommitted, set the request equal to the limit.");
      }
    }
  }

  private static boolean whole(BigDecimal v) {
    return v.signum() == 0 || v.stripTrailingZeros().scale() <= 0;
  }

  private static boolean multiple(BigDecimal v, BigDecimal page) {
    return v.remainder(page).signum() == 0;
  }

  /**
   * Bytes in the largest binary unit that divides them ({@code 4194304} as {@code 4Mi}), else the
   * fallback.
   */
  private static String binary(BigDecimal bytes, String fallback) {
    String binary = ResourceFacts.inBinaryUnit(bytes);
    return binary != null ? binary : fallback;
  }
}
