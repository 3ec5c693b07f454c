package dev.manifestguard.rules.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import java.util.List;
import java.util.Locale;

/** Field reading shared by the two Pod Security Standards rules; tolerant of wrong types (they read as unset). */
final class PodSecurity {
  private PodSecurity() {}

  /** Every kind that holds a pod spec; custom kinds are found by their {@code spec.template.spec.containers}. */
  static final List<String> POD_KINDS = List.of("Pod", "PodTemplate", "Deployment", "ReplicaSet", "StatefulSet",
      "DaemonSet", "Job", "CronJob", "ReplicationController", "custom kinds with a pod template");

  /** True only for an explicit {@code true} (a YAML boolean, or the string the apiserver would refuse anyway). */
  static boolean isTrue(JsonNode n) {
    return (n.isBoolean() && n.booleanValue()) || (n.isTextual() && n.textValue().equalsIgnoreCase("true"));
  }

  static boolean isFalse(JsonNode n) {
    return (n.isBoolean() && !n.booleanValue()) || (n.isTextual() && n.textValue().equalsIgnoreCase("false"));
  }

  /** A set value: anything but missing or null. */
  static boolean present(JsonNode n) {
    return !n.isMissingNode() && !n.isNull();
  }

  static String text(JsonNode n) {
    return n.isTextual() ? n.textValue() : n.isValueNode() && !n.isNull() ? n.asText() : "";
  }

  /** {@code container app}, {@code init container setup}, {@code ephemeral container debugger}. */
  static String describe(ContainerRef c) {
    String name = c.name().isEmpty() ? "#" + c.path().substring(c.path().lastIndexOf('[') + 1, c.path().length() - 1)
        : c.name();
    return switch (c.list()) {
      case "initContainers" -> "init container " + name;
      case "ephemeralContainers" -> "ephemeral container " + name;
      default -> "container " + name;
    };
  }

  static String podSecurityContextPath(PodSpecRef pod) {
    return FieldPaths.child(pod.path(), "securityContext");
  }

  static String securityContextPath(ContainerRef c) {
    return FieldPaths.child(c.path(), "securityContext");
  }

  /** The pod's metadata next to its spec: {@code metadata} for a Pod, {@code spec.template.metadata} for templates. */
  static String podMetadataPath(PodSpecRef pod) {
    String parent = FieldPaths.parent(pod.path());
    return FieldPaths.child(parent == null ? "" : parent, "metadata");
  }

  /** The node at a path built by FieldPaths ({@code a.b[0][x.y]}), or a missing node. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    int i = 0;
    while (i < path.length() && !n.isMissingNode()) {
      char ch = path.charAt(i);
      if (ch == '.') {
        i++;
      } else if (ch == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) {
          return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        String key = path.substring(i + 1, end);
        n = n.isArray() && !key.isEmpty() && key.length() < 10 && key.chars().allMatch(Character::isDigit) ? n.path(Integer.parseInt(key)) : n.path(key);
        i = end + 1;
      } else {
        int end = i;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        n = n.path(path.substring(i, end));
        i = end;
      }
    }
    return n;
  }

  /** Windows pods are exempt from the Linux-only restricted controls, as in Kubernetes' own admission. */
  static boolean windows(PodSpecRef pod) {
    return text(pod.spec().path("os").path("name")).toLowerCase(Locale.ROOT).equals("windows");
  }

  /** {@code hostUsers: false}: the pod runs in a user namespace, which relaxes the root and /proc controls. */
  static boolean userNamespace(PodSpecRef pod) {
    return isFalse(pod.spec().path("hostUsers"));
  }
}
