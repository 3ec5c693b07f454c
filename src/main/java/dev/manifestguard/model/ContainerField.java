package dev.manifestguard.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The fields of a container that the rules read, each kept in a slot of its {@link
 * PodSpecs.ContainerRef} (the slot is the ordinal): a rule's read is an array index, not a lookup
 * by name.
 */
public enum ContainerField {
  NAME("name"),
  IMAGE("image"),
  RESOURCES("resources"),
  COMPUTE_RESOURCES("computeResources"),
  SECURITY_CONTEXT("securityContext"),
  ENV("env"),
  ENV_FROM("envFrom"),
  PORTS("ports"),
  LIVENESS_PROBE("livenessProbe"),
  READINESS_PROBE("readinessProbe"),
  STARTUP_PROBE("startupProbe"),
  LIFECYCLE("lifecycle"),
  RESTART_POLICY("restartPolicy");

  /** How many there are: the size of a container's slots. */
  static final int COUNT = values().length;

  private static final Map<String, ContainerField> BY_KEY = new HashMap<>();

  static {
    for (ContainerField f : values()) {
      BY_KEY.put(f.key, f);
    }
  }

  private final String key;

  ContainerField(String key) {
    this.key = key;
  }

  /** The field's name in the Container schema. */
  public String key() {
    return key;
  }

  /** The slot of a container's field by its name, or -1 for a field without one. */
  static int slotOf(String key) {
    ContainerField f = BY_KEY.get(key);
    return f == null ? -1 : f.ordinal();
  }
}
