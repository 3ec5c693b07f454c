package dev.manifestguard.model;

/**
 * The fields of a container's security context that the rules read, kept in slots as {@link
 * ContainerField}.
 */
public enum SecurityContextField {
  PRIVILEGED("privileged"),
  CAPABILITIES("capabilities"),
  WINDOWS_OPTIONS("windowsOptions"),
  APP_ARMOR_PROFILE("appArmorProfile"),
  SE_LINUX_OPTIONS("seLinuxOptions"),
  PROC_MOUNT("procMount"),
  SECCOMP_PROFILE("seccompProfile"),
  RUN_AS_USER("runAsUser"),
  RUN_AS_NON_ROOT("runAsNonRoot"),
  ALLOW_PRIVILEGE_ESCALATION("allowPrivilegeEscalation");

  /** The slots of a security context's fields. */
  static final FieldSlots<SecurityContextField> SLOTS =
      new FieldSlots<>(values(), SecurityContextField::key);

  private final String key;

  SecurityContextField(String key) {
    this.key = key;
  }

  /** The field's name in the SecurityContext schema. */
  public String key() {
    return key;
  }
}
