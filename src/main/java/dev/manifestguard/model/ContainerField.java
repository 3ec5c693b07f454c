package dev.manifestguard.model;

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

  /** The slots of a container's fields. */
  static final FieldSlots<ContainerField> SLOTS = new FieldSlots<>(values(), ContainerField::key);

  private final String key;

  ContainerField(String key) {
    this.key = key;
  }

  /** The field's name in the Container schema. */
  public String key() {
    return key;
  }
}
