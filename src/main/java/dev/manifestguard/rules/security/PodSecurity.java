package dev.manifestguard.rules.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.JsonText;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import java.util.Locale;

/**
 * Field reading shared by the two Pod Security Standards rules; tolerant of wrong types (they read
 * as unset).
 */
final class PodSecurity {
  private PodSecurity() {}

  /**
   * True only for an explicit {@code true} (a YAML boolean, or the string the apiserver would
   * refuse anyway).
   */
  static boolean isTrue(JsonNode n) {
    return (n.isBoolean() && n.booleanValue())
        || (n.isTextual() && n.textValue().equalsIgnoreCase("true"));
  }

  static boolean isFalse(JsonNode n) {
    return (n.isBoolean() && !n.booleanValue())
        || (n.isTextual() && n.textValue().equalsIgnoreCase("false"));
  }

  /** A set value: anything but missing or null. */
  static boolean present(JsonNode n) {
    return !n.isMissingNode() && !n.isNull();
  }

  /** {@code container app}, {@code init container setup}, {@code ephemeral container debugger}. */
  static String describe(ContainerRef c) {
    String name =
        c.name().isEmpty()
            ? "#" + c.path().substring(c.path().lastIndexOf('[') + 1, c.path().length() - 1)
            : c.name();
    return switch (c.list()) {
      case "initContainers" -> "init container " + name;
      case "ephemeralContainers" -> "ephemeral container " + name;
      default -> "container " + name;
    };
  }

  /**
   * What a finding is about, a pod or one of its containers: its name for messages and where its
   * securityContext is, as text built only when a finding needs it.
   */
  static final class Subject {
    private final ContainerRef container;
    private final PodSpecRef pod;
    private String who;
    private String securityContextPath;

    private Subject(ContainerRef container, PodSpecRef pod) {
      this.container = container;
      this.pod = pod;
    }

    static Subject of(ContainerRef c) {
      return new Subject(c, c.pod());
    }

    static Subject of(PodSpecRef pod) {
      return new Subject(null, pod);
    }

    /** {@code the pod}, or as {@link PodSecurity#describe}. */
    String who() {
      if (who == null) {
        who = container == null ? "the pod" : describe(container);
      }
      return who;
    }

    /** The path of the container, or of the pod spec. */
    String path() {
      return container == null ? pod.path() : container.path();
    }

    String securityContextPath() {
      if (securityContextPath == null) {
        securityContextPath =
            container == null
                ? podSecurityContextPath(pod)
                : PodSecurity.securityContextPath(container);
      }
      return securityContextPath;
    }
  }

  static String podSecurityContextPath(PodSpecRef pod) {
    return FieldPaths.child(pod.path(), "securityContext");
  }

  static String securityContextPath(ContainerRef c) {
    return FieldPaths.child(c.path(), "securityContext");
  }

  /**
   * The pod's metadata next to its spec: {@code metadata} for a Pod, {@code spec.template.metadata}
   * for templates.
   */
  static String podMetadataPath(PodSpecRef pod) {
    String parent = FieldPaths.parent(pod.path());
    return FieldPaths.child(parent == null ? "" : parent, "metadata");
  }

  /**
   * Windows pods are exempt from the Linux-only restricted controls, as in Kubernetes' own
   * admission.
   */
  static boolean windows(PodSpecRef pod) {
    return JsonText.scalar(pod.spec().path("os").path("name"))
        .toLowerCase(Locale.ROOT)
        .equals("windows");
  }

  /**
   * {@code hostUsers: false}: the pod runs in a user namespace, which relaxes the root and /proc
   * controls.
   */
  static boolean userNamespace(PodSpecRef pod) {
    return isFalse(pod.spec().path("hostUsers"));
  }
}
