package dev.manifestguard.rules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cluster.ClusterState.Presence;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.JsonText;
import dev.manifestguard.rules.references.References;
import java.util.ArrayList;
import java.util.List;

/**
 * An Ingress or Gateway API HTTPRoute that sends traffic to a Service that does not exist, or to a
 * port the Service does not expose, and an Ingress whose TLS Secret does not exist: the route is
 * accepted and answers 503 (or the controller serves its default certificate).
 */
public final class IngressBackendMissingRule implements Rule {
  static final String NETWORKING = "networking.k8s.io";
  static final String GATEWAY = "gateway.networking.k8s.io";

  private static final RuleMeta META =
      RuleMeta.reference(
          "ingress-backend-missing",
          Category.NETWORK,
          Action.WARN,
          List.of("Ingress", "HTTPRoute"),
          "An Ingress or HTTPRoute backend naming a Service that does not exist or a port the Service does not expose, or an Ingress TLS secretName that does not exist.",
          "Create the Service (or the TLS Secret) with the route, or correct the backend's service name and port.");

  private static final String FIX = "create the Service or correct the backend's service name";

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (NETWORKING.equals(ctx.group()) && "Ingress".equals(ctx.kind())) {
      ingress(ctx, out);
    } else if (GATEWAY.equals(ctx.group()) && "HTTPRoute".equals(ctx.kind())) {
      httpRoute(ctx, out);
    }
  }

  private static void ingress(RuleContext ctx, Findings out) {
    JsonNode spec = ctx.object().path("spec");
    String ns = ctx.ref().namespace();
    backend(ctx, out, spec.path("defaultBackend"), "spec.defaultBackend", ns);
    JsonNode rules = spec.path("rules");
    for (int i = 0; rules.isArray() && i < rules.size(); i++) {
      JsonNode paths = rules.get(i).path("http").path("paths");
      for (int j = 0; paths.isArray() && j < paths.size(); j++) {
        String at =
            FieldPaths.child(
                FieldPaths.index(
                    FieldPaths.descend(FieldPaths.index("spec.rules", i), "http.paths"), j),
                "backend");
        backend(ctx, out, paths.get(j).path("backend"), at, ns);
      }
    }
    JsonNode tls = spec.path("tls");
    for (int i = 0; tls.isArray() && i < tls.size(); i++) {
      String secret = JsonText.text(tls.get(i), "secretName");
      if (!secret.isEmpty()) {
        References.require(
            ctx,
            out,
            FieldPaths.child(FieldPaths.index("spec.tls", i), "secretName"),
            "",
            "Secret",
            ns,
            secret,
            "create the TLS Secret (or its cert-manager Certificate) or correct secretName");
      }
    }
  }

  /** An Ingress backend: {@code service: {name, port: {number | name}}}. */
  private static void backend(
      RuleContext ctx, Findings out, JsonNode backend, String at, String ns) {
    JsonNode service = backend.path("service");
    String name = JsonText.text(service, "name");
    if (name.isEmpty()) {
      return; // a resource backend, or none
    }
    String servicePath = FieldPaths.child(at, "service");
    Presence p =
        References.require(
            ctx, out, FieldPaths.child(servicePath, "name"), "", "Service", ns, name, FIX);
    if (p != Presence.PRESENT) {
      return;
    }
    JsonNode port = service.path("port");
    if (port.path("number").isIntegralNumber()) {
      requirePort(
          ctx,
          out,
          FieldPaths.descend(servicePath, "port.number"),
          ns,
          name,
          port.path("number").asText(),
          false);
    } else if (port.path("name").isTextual()) {
      requirePort(
          ctx,
          out,
          FieldPaths.descend(servicePath, "port.name"),
          ns,
          name,
          port.path("name").textValue(),
          true);
    }
  }

  private static void httpRoute(RuleContext ctx, Findings out) {
    JsonNode rules = ctx.object().path("spec").path("rules");
    for (int i = 0; rules.isArray() && i < rules.size(); i++) {
      JsonNode refs = rules.get(i).path("backendRefs");
      for (int j = 0; refs.isArray() && j < refs.size(); j++) {
        JsonNode ref = refs.get(j);
        String group = JsonText.text(ref, "group");
        String kind = ref.has("kind") ? JsonText.text(ref, "kind") : "Service";
        String name = JsonText.text(ref, "name");
        if (!group.isEmpty() || !"Service".equals(kind) || name.isEmpty()) {
          continue; // another kind of backend
        }
        String ns = ref.has("namespace") ? JsonText.text(ref, "namespace") : ctx.ref().namespace();
        String at =
            FieldPaths.index(FieldPaths.child(FieldPaths.index("spec.rules", i), "backendRefs"), j);
        Presence p =
            References.require(
                ctx,
                out,
                FieldPaths.child(at, "name"),
                "",
                "Service",
                ns,
                name,
                "create the Service or correct the backendRef's name");
        if (p == Presence.PRESENT && ref.path("port").isIntegralNumber()) {
          requirePort(
              ctx, out, FieldPaths.child(at, "port"), ns, name, ref.path("port").asText(), false);
        }
      }
    }
  }

  /**
   * Reports a port (number or name) that the Service, when its object is known, does not expose.
   */
  private static void requirePort(
      RuleContext ctx,
      Findings out,
      String at,
      String ns,
      String service,
      String port,
      boolean byName) {
    JsonNode svc = null;
    for (JsonNode s : ctx.cluster().list("", "Service", ns)) {
      if (service.equals(JsonText.text(s.path("metadata"), "name"))) {
        svc = s;
        break;
      }
    }
    if (svc == null) {
      return; // present by a live GET only: its ports are not known here
    }
    List<String> exposed = new ArrayList<>();
    for (JsonNode p : svc.path("spec").path("ports")) {
      String number = p.path("port").asText("");
      String name = JsonText.text(p, "name");
      if (port.equals(byName ? name : number)) {
        return;
      }
      exposed.add(name.isEmpty() ? number : number + "/" + name);
    }
    out.add(
        at,
        References.describe("Service", ns, service)
            + " exposes no port "
            + (byName ? "named \"" + port + "\"" : port)
            + (exposed.isEmpty() ? "" : " (it has " + String.join(", ", exposed) + ")")
            + "; use one of its ports or add the port to the Service.");
  }
}
