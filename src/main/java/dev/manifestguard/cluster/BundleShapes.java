package dev.manifestguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * The slim shapes of workloads and Services: the same JSON layout as the object (so the rules read
 * a cached object and a manifest alike), holding only the fields the bundle rules match on.
 */
final class BundleShapes {
  private BundleShapes() {}

  /** Where a kind keeps its pod template (its metadata and spec), as JSON field names. */
  private static String[] templatePath(String kind) {
    return switch (kind) {
      case "Pod" -> new String[] {};
      case "CronJob" -> new String[] {"spec", "jobTemplate", "spec", "template"};
      default -> new String[] {"spec", "template"};
    };
  }

  /**
   * @param out the skeleton (apiVersion, kind, metadata.namespace/name) to fill
   * @param tree the whole object
   */
  static ObjectNode workload(ObjectNode out, JsonNode tree) {
    ObjectNode outMeta = (ObjectNode) out.get("metadata");
    copyLabels(tree.path("metadata"), outMeta);
    for (JsonNode owner : tree.path("metadata").path("ownerReferences")) {
      if (owner.path("controller").asBoolean(false)) {
        // Only that a controller owns it (a Deployment's ReplicaSets, a ReplicaSet's Pods): the PDB
        // rule counts replicas once, at the top.
        outMeta.putArray("ownerReferences").addObject().put("controller", true);
        break;
      }
    }
    String kind = out.path("kind").asText();
    if (tree.path("spec").has("replicas")) {
      obj(out, "spec").set("replicas", tree.path("spec").get("replicas"));
    }
    JsonNode template = tree;
    ObjectNode target = out;
    for (String f : templatePath(kind)) {
      template = template.path(f);
      target = obj(target, f);
    }
    if (!template.isObject()) {
      return out;
    }
    if (template.path("metadata").path("labels").isObject()) {
      copyLabels(template.path("metadata"), obj(target, "metadata"));
    }
    JsonNode containers = template.path("spec").path("containers");
    if (containers.isArray()) {
      var list = obj(target, "spec").putArray("containers");
      for (JsonNode c : containers) {
        ObjectNode slim = list.addObject();
        if (c.has("name")) {
          slim.set("name", c.get("name"));
        }
        if (c.path("ports").isArray()) {
          var ports = slim.putArray("ports");
          for (JsonNode p : c.path("ports")) {
            ObjectNode sp = ports.addObject();
            copy(p, sp, "name");
            copy(p, sp, "containerPort");
          }
        }
        JsonNode resources = c.path("resources");
        if (resources.isObject()) {
          ObjectNode r = slim.putObject("resources");
          for (String part : new String[] {"requests", "limits"}) {
            if (resources.path(part).isObject()) {
              // Which resources are set, not how much: the rules ask only whether a request exists.
              ObjectNode names = r.putObject(part);
              for (Iterator<String> it = resources.path(part).fieldNames(); it.hasNext(); ) {
                names.put(it.next(), "");
              }
            }
          }
        }
      }
    }
    return out;
  }

  static ObjectNode service(ObjectNode out, JsonNode tree) {
    copyLabels(tree.path("metadata"), (ObjectNode) out.get("metadata"));
    JsonNode spec = tree.path("spec");
    ObjectNode s = out.putObject("spec");
    copy(spec, s, "type");
    copy(spec, s, "selector");
    if (spec.path("ports").isArray()) {
      var ports = s.putArray("ports");
      for (JsonNode p : spec.path("ports")) {
        ObjectNode sp = ports.addObject();
        copy(p, sp, "name");
        copy(p, sp, "port");
        copy(p, sp, "targetPort");
      }
    }
    return out;
  }

  private static ObjectNode obj(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
  }

  private static void copyLabels(JsonNode fromMeta, ObjectNode toMeta) {
    if (fromMeta.path("labels").isObject() && !fromMeta.path("labels").isEmpty()) {
      toMeta.set("labels", fromMeta.get("labels"));
    }
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field));
    }
  }
}
