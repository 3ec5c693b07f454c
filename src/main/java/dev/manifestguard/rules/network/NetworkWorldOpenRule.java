package dev.manifestguard.rules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.AddressPools.Entry;
import dev.manifestguard.model.AddressPools.Role;
import dev.manifestguard.model.FieldPaths;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A database or admin port reachable from the whole internet. */
public final class NetworkWorldOpenRule implements Rule {
  static final String SOURCE_RANGES_ANNOTATION =
      "service.beta.kubernetes.io/load-balancer-source-ranges";

  private static final RuleMeta META =
      RuleMeta.of(
          "network-world-open",
          Category.NETWORK,
          Action.WARN,
          List.of("NetworkPolicy", "Service"),
          "An ingress ipBlock of 0.0.0.0/0 or ::/0, or a LoadBalancer/NodePort Service without "
              + "loadBalancerSourceRanges, that exposes a database or admin port.",
          "Allow only the source ranges that need the port (ipBlock or loadBalancerSourceRanges).");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    List<Integer> sensitive = ctx.settings().sensitivePorts();
    if (sensitive == null || sensitive.isEmpty()) {
      return;
    }
    if (ctx.group().isEmpty() && "Service".equals(ctx.kind())) {
      service(ctx, sensitive, out);
      return;
    }
    for (Entry e : Addresses.usable(ctx, Role.IPBLOCK)) {
      if (!e.ingress() || !e.value().world()) {
        continue;
      }
      JsonNode ports = e.rule().path("ports");
      TreeSet<Integer> hit = new TreeSet<>();
      boolean allPorts = !ports.isArray() || ports.isEmpty();
      if (allPorts) {
        hit.addAll(sensitive);
      } else {
        for (JsonNode p : ports) {
          JsonNode port = p.path("port");
          if (port.isMissingNode() || port.isNull()) {
            hit.addAll(sensitive); // every port of the protocol
          } else if (port.isIntegralNumber()) {
            int from = port.asInt();
            int to = p.path("endPort").isIntegralNumber() ? p.path("endPort").asInt() : from;
            for (int s : sensitive) {
              if (s >= from && s <= to) {
                hit.add(s);
              }
            }
          }
        }
      }
      if (hit.isEmpty()) {
        continue;
      }
      String list = hit.stream().map(String::valueOf).collect(Collectors.joining(", "));
      if (allPorts) {
        out.add(
            e.path(),
            "ingress from "
                + e.value().text()
                + " allows every port, including database or admin "
                + (hit.size() == 1 ? "port " : "ports ")
                + list
                + "; list the ports and allow only the source ranges "
                + "that need them.");
      } else {
        out.add(
            e.path(),
            "ingress from "
                + e.value().text()
                + " reaches "
                + (hit.size() == 1 ? "port " : "ports ")
                + list
                + " (database or admin); allow only the source ranges that need it.");
      }
    }
  }

  private static void service(RuleContext ctx, List<Integer> sensitive, Findings out) {
    JsonNode spec = ctx.object().path("spec");
    String type = spec.path("type").asText("");
    if (!type.equals("LoadBalancer") && !type.equals("NodePort")) {
      return;
    }
    JsonNode ranges = spec.path("loadBalancerSourceRanges");
    if (ranges.isArray() && !ranges.isEmpty()) {
      return;
    }
    JsonNode annotation =
        ctx.object().path("metadata").path("annotations").path(SOURCE_RANGES_ANNOTATION);
    if (annotation.isTextual() && !annotation.textValue().isBlank()) {
      return;
    }
    JsonNode ports = spec.path("ports");
    if (!ports.isArray()) {
      return;
    }
    String where = type.equals("LoadBalancer") ? "to every address" : "on every node";
    String fix =
        type.equals("LoadBalancer")
            ? "set loadBalancerSourceRanges to the clients that need it."
            : "set loadBalancerSourceRanges, or use a ClusterIP Service.";
    for (int i = 0; i < ports.size(); i++) {
      JsonNode p = ports.get(i);
      String base = FieldPaths.index("spec.ports", i);
      JsonNode port = p.path("port");
      JsonNode target = p.path("targetPort");
      if (port.isIntegralNumber() && sensitive.contains(port.asInt())) {
        out.add(
            FieldPaths.child(base, "port"),
            type
                + " Service exposes port "
                + port.asInt()
                + " (database or admin) "
                + where
                + "; "
                + fix);
      } else if (target.isIntegralNumber() && sensitive.contains(target.asInt())) {
        out.add(
            FieldPaths.child(base, "targetPort"),
            type
                + " Service exposes target port "
                + target.asInt()
                + " (database or admin) "
                + where
                + "; "
                + fix);
      }
    }
  }
}
