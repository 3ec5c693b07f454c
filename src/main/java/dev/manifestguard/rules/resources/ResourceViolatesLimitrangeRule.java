package dev.manifestguard.rules.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.ContainerField;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import dev.manifestguard.model.Quantity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicts what the LimitRanger admission plugin will do to the pods of a workload: fill in the
 * namespace's LimitRange defaults, then refuse pods outside min/max, above maxLimitRequestRatio, or
 * left with a request above the limit. A Deployment is stored either way; its pods are refused
 * later, out of sight, by the ReplicaSet controller.
 *
 * <p>Order of defaulting, as in Kubernetes: the API server first copies a container's limit into a
 * missing request of the same resource; each LimitRange item of type Container is then defaulted
 * itself (default from max, defaultRequest from default, then from min); the LimitRanges of the
 * namespace fill in missing limits from {@code default} and missing requests from {@code
 * defaultRequest}, the first LimitRange that has a value winning.
 */
public final class ResourceViolatesLimitrangeRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "resource-violates-limitrange",
          Category.RESOURCES,
          Action.DENY,
          PodSpecs.POD_KINDS,
          "A pod spec whose requests/limits, after the namespace's LimitRange defaults, break that LimitRange's"
              + " min, max or maxLimitRequestRatio, or end with a request above the limit.",
          "Set requests and limits explicitly within the LimitRange's bounds, or ask for the LimitRange to be changed.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  /**
   * A quantity, where it is written (or, for a default, the resources block it lands in), and where
   * it came from.
   *
   * @param origin null when the container set it itself
   * @param fromRange true when a LimitRange supplied it
   */
  private record Val(Quantity q, String text, String origin, String path, boolean fromRange) {
    Val from(String newOrigin, String newPath, boolean range) {
      return new Val(q, text, newOrigin, newPath, range);
    }

    String describe(String resource, String what) {
      return resource + " " + what + " " + text + (origin == null ? "" : " (" + origin + ")");
    }
  }

  /** One item of a LimitRange, already defaulted the way the API server stores it. */
  private record Item(
      String range,
      String type,
      Map<String, Val> min,
      Map<String, Val> max,
      Map<String, Val> defaults,
      Map<String, Val> defaultRequests,
      Map<String, Val> ratio) {}

  /** A container after defaulting: requests and limits, and the path of its resources block. */
  private record Effective(String path, Map<String, Val> requests, Map<String, Val> limits) {}

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (ctx.podSpecs().isEmpty()) {
      return;
    }
    List<JsonNode> ranges =
        new ArrayList<>(ctx.cluster().list("", "LimitRange", ctx.ref().namespace()));
    if (ranges.isEmpty()) {
      return;
    }
    ranges.sort(Comparator.comparing(r -> r.path("metadata").path("name").asText("")));
    List<List<Item>> items = new ArrayList<>();
    for (JsonNode r : ranges) {
      items.add(items(r));
    }
    for (PodSpecRef pod : ctx.podSpecs()) {
      List<Effective> containers = new ArrayList<>();
      List<Effective> init = new ArrayList<>();
      for (ContainerRef c : PodSpecs.containers(pod)) {
        if (c.list().equals("ephemeralContainers")) {
          continue; // LimitRanger leaves them alone
        }
        Effective e = defaulted(c, items);
        (c.list().equals("initContainers") ? init : containers).add(e);
        for (List<Item> range : items) {
          for (Item item : range) {
            if (item.type().equals("Container")) {
              bounds(out, e, item, "the container");
            }
          }
        }
        requestAboveLimit(out, e);
      }
      for (List<Item> range : items) {
        for (Item item : range) {
          if (item.type().equals("Pod")) {
            bounds(out, podTotals(pod.path(), containers, init), item, "the pod");
          }
        }
      }
    }
  }

  private static Effective defaulted(ContainerRef c, List<List<Item>> ranges) {
    String resourcesPath = FieldPaths.child(c.path(), "resources");
    JsonNode resources = c.field(ContainerField.RESOURCES);
    Map<String, Val> requests =
        explicit(resources.path("requests"), FieldPaths.child(resourcesPath, "requests"));
    Map<String, Val> limits =
        explicit(resources.path("limits"), FieldPaths.child(resourcesPath, "limits"));
    for (Map.Entry<String, Val> l : limits.entrySet()) {
      if (!resources.path("requests").has(l.getKey())) {
        requests.put(
            l.getKey(), l.getValue().from("copied from the limit", l.getValue().path(), false));
      }
    }
    for (List<Item> range : ranges) {
      Map<String, Val> defaultLimits = new LinkedHashMap<>();
      Map<String, Val> defaultRequests = new LinkedHashMap<>();
      for (Item item : range) {
        if (item.type().equals("Container")) {
          defaultLimits.putAll(item.defaults());
          defaultRequests.putAll(item.defaultRequests());
        }
      }
      defaultLimits.forEach(
          (k, v) -> {
            if (!resources.path("limits").has(k)) {
              limits.putIfAbsent(k, v.from(v.origin(), resourcesPath, true));
            }
          });
      defaultRequests.forEach(
          (k, v) -> {
            if (!resources.path("requests").has(k)) {
              requests.putIfAbsent(k, v.from(v.origin(), resourcesPath, true));
            }
          });
    }
    return new Effective(resourcesPath, requests, limits);
  }

  private static void bounds(Findings out, Effective e, Item item, String subject) {
    String lr = "LimitRange \"" + item.range() + "\"";
    item.min()
        .forEach(
            (res, min) -> {
              Val req = e.requests().get(res);
              if (req == null) {
                out.add(e.path(), missing(lr, "minimum", res, min, subject, "request", "at least"));
                return;
              }
              below(out, req, res, "request", min, lr);
              below(out, e.limits().get(res), res, "limit", min, lr);
            });
    item.max()
        .forEach(
            (res, max) -> {
              Val lim = e.limits().get(res);
              if (lim == null) {
                out.add(e.path(), missing(lr, "maximum", res, max, subject, "limit", "at most"));
                return;
              }
              above(out, lim, res, "limit", max, lr);
              above(out, e.requests().get(res), res, "request", max, lr);
            });
    item.ratio()
        .forEach(
            (res, ratio) -> {
              Val req = e.requests().get(res);
              Val lim = e.limits().get(res);
              if (req == null
                  || req.q().value().signum() == 0
                  || lim == null
                  || lim.q().value().signum() == 0) {
                boolean noRequest = req == null || req.q().value().signum() == 0;
                out.add(
                    e.path(),
                    lr
                        + " allows a "
                        + res
                        + " limit of at most "
                        + ratio.text()
                        + " times the request, but "
                        + subject
                        + " has no non-zero "
                        + res
                        + (noRequest ? " request" : " limit")
                        + "; set "
                        + (noRequest ? "one" : "one at most " + ratio.text() + " times the request")
                        + ".");
                return;
              }
              BigDecimal observed = lim.q().value().divide(req.q().value(), MathContext.DECIMAL64);
              if (observed.compareTo(ratio.q().value()) > 0) {
                out.add(
                    lim.path(),
                    lim.describe(res, "limit")
                        + " is "
                        + ratio(observed)
                        + " times the request "
                        + req.text()
                        + ", above the maxLimitRequestRatio "
                        + ratio.text()
                        + " of "
                        + lr
                        + "; raise the request or lower the limit.");
              }
            });
  }

  /** After defaulting, a request above its limit: the API server refuses the pod. */

  /**
   * {@code LimitRange "x" sets a minimum cpu of 100m but container app has no cpu request; set one
   * of at least 100m.}
   */
  private static String missing(
      String lr, String bound, String res, Val value, String subject, String what, String range) {
    return lr
        + " sets a "
        + bound
        + " "
        + res
        + " of "
        + value.text()
        + " but "
        + subject
        + " has no "
        + res
        + " "
        + what
        + "; set one of "
        + range
        + " "
        + value.text()
        + ".";
  }

  /** A request or limit (null: none) under a LimitRange's minimum. */
  private static void below(Findings out, Val v, String res, String what, Val min, String lr) {
    if (v != null && v.q().compareTo(min.q()) < 0) {
      out.add(
          v.path(),
          v.describe(res, what)
              + " is below the minimum "
              + min.text()
              + " of "
              + lr
              + "; raise it to at least "
              + min.text()
              + ".");
    }
  }

  /** A request or limit (null: none) over a LimitRange's maximum. */
  private static void above(Findings out, Val v, String res, String what, Val max, String lr) {
    if (v != null && v.q().compareTo(max.q()) > 0) {
      out.add(
          v.path(),
          v.describe(res, what)
              + " is above the maximum "
              + max.text()
              + " of "
              + lr
              + "; lower it to at most "
              + max.text()
              + ".");
    }
  }

  private static void requestAboveLimit(Findings out, Effective e) {
    e.requests()
        .forEach(
            (res, req) -> {
              Val lim = e.limits().get(res);
              if (lim == null
                  || req.q().compareTo(lim.q()) <= 0
                  || (!req.fromRange() && !lim.fromRange())) {
                return; // both set by the container: resource-requests-exceed-limits reports it
              }
              String fix =
                  lim.fromRange()
                      ? "set the " + res + " limit explicitly"
                      : "set the " + res + " request explicitly";
              out.add(
                  req.fromRange() ? lim.path() : req.path(),
                  req.describe(res, "request")
                      + " is above the "
                      + lim.describe(res, "limit")
                      + "; "
                      + fix
                      + ".");
            });
  }

  /**
   * The sums LimitRanger compares with a Pod item: all containers, or the largest init container if
   * larger.
   */
  private static Effective podTotals(
      String podPath, List<Effective> containers, List<Effective> init) {
    return new Effective(
        podPath, total(podPath, containers, init, true), total(podPath, containers, init, false));
  }

  private static Map<String, Val> total(
      String podPath, List<Effective> containers, List<Effective> init, boolean requests) {
    Map<String, BigDecimal> sums = new LinkedHashMap<>();
    for (Effective c : containers) {
      (requests ? c.requests() : c.limits())
          .forEach((k, v) -> sums.merge(k, v.q().value(), BigDecimal::add));
    }
    for (Effective c : init) {
      (requests ? c.requests() : c.limits())
          .forEach((k, v) -> sums.merge(k, v.q().value(), BigDecimal::max));
    }
    Map<String, Val> out = new LinkedHashMap<>();
    sums.forEach(
        (k, v) -> {
          Quantity q = Quantity.parse(readable(v));
          out.put(k, new Val(q, readable(v), "total of the pod's containers", podPath, false));
        });
    return out;
  }

  private static List<Item> items(JsonNode range) {
    String name = range.path("metadata").path("name").asText("");
    List<Item> out = new ArrayList<>();
    JsonNode limits = range.path("spec").path("limits");
    if (!limits.isArray()) {
      return out;
    }
    for (JsonNode l : limits) {
      String type = l.path("type").asText("");
      String origin = "LimitRange \"" + name + "\"";
      Map<String, Val> min = explicit(l.path("min"), null);
      Map<String, Val> max = explicit(l.path("max"), null);
      Map<String, Val> defaults =
          withOrigin(explicit(l.path("default"), null), "default of " + origin);
      Map<String, Val> defaultRequests =
          withOrigin(explicit(l.path("defaultRequest"), null), "defaultRequest of " + origin);
      if (type.equals("Container")) {
        // As the API server stores the item: default from max, defaultRequest from default, then
        // from min.
        max.forEach(
            (k, v) ->
                defaults.putIfAbsent(k, v.from("max of " + origin + " as default", null, true)));
        defaults.forEach((k, v) -> defaultRequests.putIfAbsent(k, v));
        min.forEach(
            (k, v) ->
                defaultRequests.putIfAbsent(
                    k, v.from("min of " + origin + " as default", null, true)));
      }
      out.add(
          new Item(
              name,
              type,
              min,
              max,
              defaults,
              defaultRequests,
              explicit(l.path("maxLimitRequestRatio"), null)));
    }
    return out;
  }

  /** The parseable quantities of a resource list; malformed ones are other rules' findings. */
  private static Map<String, Val> explicit(JsonNode list, String listPath) {
    Map<String, Val> out = new LinkedHashMap<>();
    if (!list.isObject()) {
      return out;
    }
    list.fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              if (v.isTextual() || v.isNumber()) {
                String text = v.asText();
                String path = listPath == null ? null : FieldPaths.child(listPath, e.getKey());
                Quantity.tryParse(text)
                    .ifPresent(q -> out.put(e.getKey(), new Val(q, text, null, path, false)));
              }
            });
    return out;
  }

  private static Map<String, Val> withOrigin(Map<String, Val> values, String origin) {
    Map<String, Val> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.from(origin, null, true)));
    return out;
  }

  /**
   * A byte count in the largest binary unit that divides it ({@code 1536Mi}), other values in
   * canonical form.
   */
  private static String readable(BigDecimal v) {
    String[] units = {"Ti", "Gi", "Mi", "Ki"};
    if (v.signum() > 0 && v.stripTrailingZeros().scale() <= 0) {
      for (int i = 0; i < units.length; i++) {
        BigDecimal unit = BigDecimal.valueOf(1024).pow(units.length - i);
        BigDecimal[] qr = v.divideAndRemainder(unit);
        if (qr[1].signum() == 0) {
          return plain(qr[0]) + units[i];
        }
      }
    }
    return Quantity.parse(plain(v)).canonical();
  }

  private static String ratio(BigDecimal observed) {
    return plain(observed.setScale(2, RoundingMode.HALF_UP));
  }

  private static String plain(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }
}
