package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.ContainerField;
import dev.manifestguard.model.Quantity;
import dev.manifestguard.model.ResourceBlocks.Block;
import dev.manifestguard.model.ResourceBlocks.Entry;
import dev.manifestguard.model.ResourceBlocks.Place;
import dev.manifestguard.model.ResourceNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request above its limit for the same resource, compared by value ({@code 1Gi} &gt; {@code
 * 1000Mi}): in containers, pod-level resources, claims and custom kinds' resources blocks. With
 * pod-level resources, also what the apiserver checks against them: each container limit at most
 * the pod-level limit, and the containers' effective requests at most the pod-level request.
 * Extended resources and huge pages are left to {@code resource-extended-invalid} (their request
 * must equal the limit).
 */
public final class ResourceRequestsExceedLimitsRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "resource-requests-exceed-limits",
          Category.RESOURCES,
          Action.DENY,
          List.of("*"),
          "A container request above its limit for the same resource (compared by value: 1Gi > 1000Mi).",
          "Raise the limit or lower the request so that the request is at most the limit.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    var facts = ResourceFacts.of(ctx);
    for (Block b : facts.blocks()) {
      for (Entry request : b.requests().values()) {
        Entry limit = b.limits().get(request.name());
        if (limit == null
            || !request.valid()
            || !limit.valid()
            || !ResourceNames.overcommitAllowed(request.name())) {
          continue;
        }
        if (limit.quantity().isNegative()) {
          continue; // resource-quantity-negative already reports it; "exceeds -1Gi" would only be
          // noise
        }
        if (request.quantity().compareTo(limit.quantity()) > 0) {
          out.add(
              request.path(),
              request.name()
                  + " request "
                  + request.text()
                  + " exceeds its limit "
                  + limit.text()
                  + "; raise the limit or lower the request.");
        }
      }
      if (b.place() == Place.POD) {
        podLevel(b, facts.blocks(), out);
      }
    }
  }

  private static void podLevel(Block pod, List<Block> all, Findings out) {
    List<Block> containers = new ArrayList<>();
    for (Block b : all) {
      if (b.place() == Place.CONTAINER
          && b.pod() == pod.pod()
          && !b.container().list().equals("ephemeralContainers")) {
        containers.add(b);
      }
    }
    for (Map.Entry<String, Entry> e : pod.limits().entrySet()) {
      Entry podLimit = e.getValue();
      if (!podLimit.valid()) {
        continue;
      }
      for (Block c : containers) {
        Entry limit = c.limits().get(e.getKey());
        if (limit != null && limit.valid() && limit.quantity().compareTo(podLimit.quantity()) > 0) {
          out.add(
              limit.path(),
              e.getKey()
                  + " limit "
                  + limit.text()
                  + " exceeds the pod-level limit "
                  + podLimit.text()
                  + "; lower the container limit or raise the pod-level limit.");
        }
      }
    }
    for (Map.Entry<String, Entry> e : pod.requests().entrySet()) {
      Entry podRequest = e.getValue();
      if (!podRequest.valid()) {
        continue;
      }
      BigDecimal total = effectiveRequest(containers, e.getKey());
      if (total != null && total.compareTo(podRequest.quantity().value()) > 0) {
        out.add(
            podRequest.path(),
            "the containers request "
                + show(total, podRequest.quantity())
                + " "
                + e.getKey()
                + " in total, more than the pod-level request "
                + podRequest.text()
                + "; raise the pod-level request or lower the container requests.");
      }
    }
  }

  /**
   * What the scheduler counts for the containers of a pod, as Kubernetes aggregates it: the sum of
   * the regular containers and sidecars (init containers with restartPolicy Always), or, if larger,
   * any other init container plus the sidecars started before it. Null when no container requests
   * the resource.
   */
  private static BigDecimal effectiveRequest(List<Block> containers, String name) {
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal sidecars = BigDecimal.ZERO;
    BigDecimal initMax = BigDecimal.ZERO;
    boolean any = false;
    for (Block c : containers) {
      Entry request = c.requests().get(name);
      boolean counted = ResourceFacts.usable(request) && request.quantity().isModerate();
      BigDecimal v = counted ? request.quantity().value() : BigDecimal.ZERO;
      any |= counted;
      if (c.container().list().equals("initContainers")) {
        if ("Always".equals(c.container().field(ContainerField.RESTART_POLICY).asText())) {
          sidecars = sidecars.add(v);
          sum = sum.add(v);
        } else {
          initMax = initMax.max(sidecars.add(v));
        }
      } else {
        sum = sum.add(v);
      }
    }
    return any ? sum.max(initMax) : null;
  }

  /**
   * A total in the style of the pod-level value it is compared with (binary when that is binary).
   */
  private static String show(BigDecimal total, Quantity like) {
    String binary =
        like.format() == Quantity.Format.BINARY_SI ? ResourceFacts.inBinaryUnit(total) : null;
    if (binary != null) {
      return binary;
    }
    return Quantity.tryParse(total.toPlainString())
        .map(Quantity::canonical)
        .orElse(total.toPlainString());
  }
}
